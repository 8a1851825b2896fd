// Memory stays bounded when a bomb arrives: gating a 50000×50000 PNG (2.5 GB if decoded) and a
// JPEG claiming 65000×65000 in a fresh process raises its peak RSS by far less than one decode
// of either would need, because both are refused from their headers.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../../..');
const MB = 2 ** 20;
/** The bound the task set: well under one decoded 300-dpi page set of buffers, far under a bomb. */
const MAX_RSS_GROWTH_MB = 400;

it('refusing bombs keeps peak RSS within 400 MB of the baseline and takes milliseconds', () => {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(HERE, 'bomb-rss-child.ts')],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  const r = JSON.parse(out.trim().split('\n').pop()!) as {
    baselineRss: number;
    peakRss: number;
    results: Array<{ kind: string; code: string; ms: number }>;
  };
  const growthMb = (r.peakRss - r.baselineRss) / MB;
  console.log(
    `bomb gating: baseline RSS ${(r.baselineRss / MB).toFixed(0)} MB, peak ${(r.peakRss / MB).toFixed(0)} MB ` +
      `(+${growthMb.toFixed(1)} MB); ` +
      r.results.map((x) => `${x.kind} → ${x.code} in ${x.ms.toFixed(1)} ms`).join(', '),
  );
  expect(r.results.map((x) => x.code)).toEqual(['tooManyPixels', 'tooManyPixels']);
  expect(growthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  for (const x of r.results) expect(x.ms).toBeLessThan(1_000);
});
