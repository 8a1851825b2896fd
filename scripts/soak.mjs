// `npm run soak`: builds, makes sure socat is there (the UPS cable of the long run), then runs
// the long reliability suite (tests/reliability/soak.ts) with the arguments given after `--`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const built = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
if (!fs.existsSync('/usr/bin/socat')) {
  const isRoot = process.getuid?.() === 0;
  console.log(
    isRoot
      ? '▶ instalando socat (apt-get)…'
      : 'Falta socat y no soy root: instálelo con «apt-get install socat».',
  );
  if (!isRoot || spawnSync('apt-get', ['install', '-y', '-q', 'socat'], { stdio: 'inherit' }).status !== 0) {
    console.error('No se pudo instalar socat: la prueba larga lo necesita para el cable de la UPS.');
    process.exit(1);
  }
}
const run = spawnSync('node_modules/.bin/tsx', ['tests/reliability/soak.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
