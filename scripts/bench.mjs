// `npm run bench`: every benchmark under tests/bench, one after the other (they measure the
// machine, so they must not share it), each printing its figures and ratios against a baseline
// measured in the same run. `npm run bench -- quality` runs only the ones whose name matches.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const filter = process.argv[2];
const benches = fs
  .readdirSync('tests/bench')
  .filter((f) => f.endsWith('.ts') && (!filter || f.includes(filter)))
  .sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n══ ${b} ══`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `tests/bench/${b}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
