// `npm test`: every test, in the order a failure is cheapest to see. Installs the Debian peers
// the tests use for real (when run as root), then typecheck, lint and format, build, and vitest
// (unit, integration against real peers, and end to end in Debian's Chromium). Ends with one
// summary line "N passed, N failed" and a non-zero exit on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Debian packages the tests drive for real, and a file each one installs. */
const PEERS = [
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  { pkg: 'sane-utils', file: '/usr/bin/scanimage' },
  { pkg: 'nut-server', file: '/lib/nut/upsd' },
  { pkg: 'nut-client', file: '/usr/bin/upsc' },
  { pkg: 'socat', file: '/usr/bin/socat' },
  { pkg: 'cups', file: '/usr/sbin/cupsd' },
  { pkg: 'printer-driver-cups-pdf', file: '/usr/lib/cups/backend/cups-pdf' },
  { pkg: 'poppler-utils', file: '/usr/bin/pdftoppm' },
];

function step(title, cmd, args, opts = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n✖ ${title} falló (código ${r.status ?? r.signal}).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const missing = PEERS.filter((p) => !fs.existsSync(p.file)).map((p) => p.pkg);
if (missing.length) {
  const install = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() === 0) {
    console.log(`Instalando los paquetes de Debian que usan las pruebas: ${missing.join(', ')}`);
    step('apt-get update', 'apt-get', ['update', '-qq']);
    step(
      `apt-get install ${missing.join(' ')}`,
      'apt-get',
      ['install', '-y', '-qq', '--no-install-recommends', ...missing],
      {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      },
    );
  } else {
    console.error(
      `Faltan paquetes de Debian para las pruebas (${missing.join(', ')}). Como root, ejecute:\n  ${install}`,
    );
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
step('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
step('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
step('build', process.execPath, ['scripts/build.mjs', '--quiet']);

fs.mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
console.log('\n▶ vitest (unit, integración, e2e)');
const r = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  {
    stdio: 'inherit',
  },
);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (json.numRuntimeErrorTestSuites ?? 0);
  skipped = json.numPendingTests + json.numTodoTests;
  if (json.numFailedTestSuites && !failed) failed = json.numFailedTestSuites;
} catch {
  failed = Math.max(1, failed);
}
if (r.status !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && r.status === 0 ? 0 : 1);
