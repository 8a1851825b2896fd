// `npm test`: every test, in the order a failure is cheapest to see. Installs the Debian peers
// the tests use for real (when run as root), then typecheck, lint and format, build, and vitest
// (unit, integration against real peers, and end to end in Debian's Chromium) on this machine's
// Node; then the core's suites again on Node 24, the runtime Electron 45 ships (prepared from
// the registry while the first steps run: scripts/node24.mjs). Ends with one summary line
// "N passed, N failed" and a non-zero exit on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { NODE24_VERSION, prepareNode24Async } from './node24.mjs';

/** The core's suites: what runs inside the product's Node (not the browser, lint or packaging). */
const CORE_SUITES = ['tests/electron', 'tests/central', 'tests/model', 'tests/reliability', 'tests/shared'];

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
  // The central's suites on PostgreSQL: a private cluster per test file (tests/helpers/pg-cluster.ts).
  { pkg: 'postgresql-15', file: '/usr/lib/postgresql/15/bin/initdb' },
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

// Downloading Node 24 and building better-sqlite3 for it is mostly waiting and one compile: it
// overlaps the typecheck and lint instead of adding to them.
const node24 = prepareNode24Async().then(
  (env) => ({ env }),
  (error) => ({ error }),
);
step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
step('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
step('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
step('build', process.execPath, ['scripts/build.mjs', '--quiet']);

fs.mkdirSync('test-results', { recursive: true });

/**
 * The failed tests of a vitest JSON report, a line each with the first line of the reason: CI
 * keeps only the tail of the log, and a count alone does not say which test to look at.
 */
function failedNames(json) {
  const names = [];
  for (const file of json.testResults ?? []) {
    const rel = String(file.name ?? '').replace(`${process.cwd()}/`, '');
    for (const t of file.assertionResults ?? []) {
      if (t.status !== 'failed') continue;
      // One line per attempt (a retried test has several); a timeout reads "STACK_TRACE_ERROR".
      const why = (t.failureMessages ?? [])
        .map((m) => String(m).split('\n')[0].replace('Error: STACK_TRACE_ERROR', 'timed out').slice(0, 200))
        .join(' / then: ');
      names.push(`${rel} › ${t.fullName ?? t.title}: ${why}`);
    }
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'))
      names.push(
        `${rel}: ${String(file.message ?? '')
          .split('\n')[0]
          .slice(0, 200)}`,
      );
  }
  return names;
}

/** One vitest run with its own JSON report; returns its counts. */
function vitest(title, args, env = process.env) {
  const report = `test-results/vitest-${title.replace(/\W+/g, '-')}.json`;
  fs.rmSync(report, { force: true });
  console.log(`\n▶ vitest: ${title}`);
  const t0 = Date.now();
  const r = spawnSync(
    'npx',
    ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: 'inherit', env },
  );
  const counts = { title, passed: 0, failed: 0, skipped: 0, minutes: (Date.now() - t0) / 60_000, names: [] };
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    counts.names = failedNames(json);
    counts.passed = json.numPassedTests;
    counts.failed = json.numFailedTests + (json.numRuntimeErrorTestSuites ?? 0);
    counts.skipped = json.numPendingTests + json.numTodoTests;
    if (json.numFailedTestSuites && !counts.failed) counts.failed = json.numFailedTestSuites;
  } catch {
    counts.failed = Math.max(1, counts.failed);
  }
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

// The long runs of the core as a process and the slowest image suite run once, on Node 24 (see
// vitest.config.ts NODE24_ONLY): on 2 cores both runtimes in full would take over 25 minutes.
const runs = [
  vitest(`Node ${process.versions.node} (unit, integración, e2e)`, [], {
    ...process.env,
    CATD_SKIP_NODE24_ONLY: '1',
  }),
];
const prepared = await node24;
if (prepared.error) {
  console.error(`\n✖ ${prepared.error.message}`);
  runs.push({ title: `Node ${NODE24_VERSION}`, passed: 0, failed: 1, skipped: 0, minutes: 0, names: [] });
} else {
  // The central's PostgreSQL runs (a cluster per file, the failover tests) once, on the first run:
  // the engine is the same server either way, and its SQLite runs still go again here.
  runs.push(
    vitest(`Node ${NODE24_VERSION} (núcleo)`, ['--project', 'unit', ...CORE_SUITES], {
      ...prepared.env,
      CATD_CENTRAL_PG: '0',
    }),
  );
}

const sum = (k) => runs.reduce((a, r) => a + r[k], 0);
console.log('');
for (const r of runs) {
  console.log(`  ${r.title}: ${r.passed} passed, ${r.failed} failed (${r.minutes.toFixed(1)} min)`);
  for (const name of r.names ?? []) console.log(`    ✖ ${name}`);
}
const [passed, failed, skipped] = [sum('passed'), sum('failed'), sum('skipped')];
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
