// The central's screens at the national night's size, on each engine: `npm run bench -- central-panel`
// A database filled directly (it is the reading that is measured) with BENCH_ACTAS actas (default
// 515,000: ~172,000 casillas × 3 elections) against a catalogue of every casilla, 300 CATDs, 10
// stations each, written as central migration 6 left it; then migration 7 back-fills the kept
// counts (timed). Prints the national and one CATD's reading, before (the whole reading the
// screens did until migration 7, same run, as baseline) and after (central/progress.ts), and the
// event loop's longest stall while the screens are read during a simulated intake (each commit's
// database work: its manifest row, and its counts in the tally's batches).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCentralDb, type CentralDb, type SqlValue } from '../../central/db';
import { CENTRAL_MIGRATIONS, CENTRAL_MIGRATIONS_PG } from '../../central/migrations';
import { PanelData } from '../../central/panel-data';
import { settleTally, TALLY_EVERY_MS } from '../../central/tally';
import { postgresAvailable, startPgCluster } from '../helpers/pg-cluster';
import { recountProgress } from '../helpers/progress-recount';

const ACTAS = Number(process.env.BENCH_ACTAS ?? 515_000);
const CATDS = 300;
const ELECTIONS = ['PRES', 'SEN', 'DIP'] as const;
const CASILLAS = Math.ceil(ACTAS / ELECTIONS.length);
const PER_CATD = Math.ceil(CASILLAS / CATDS);
const STATIONS_PER_CATD = 10;
/** Stand-ins for a manifest and its receipt (a real one is about this size). */
const MANIFEST = JSON.stringify({ pad: 'm'.repeat(600) });
const RECEIPT = JSON.stringify({ pad: 'r'.repeat(400) });
const READS = 5;

const roots: string[] = [];
const two = (n: number) => String(n).padStart(2, '0');

function catdOf(c: number): { entidad: string; distrito: string; catd: string } {
  const entidad = two(1 + (c % 32));
  const distrito = two(1 + Math.floor(c / 32));
  return { entidad, distrito, catd: `${entidad}-${distrito}` };
}

function casilla(i: number): { c: number; seccion: string; number: number } {
  const c = Math.floor(i / PER_CATD);
  const j = i % PER_CATD;
  return { c, seccion: String(1 + Math.floor(j / 4)).padStart(4, '0'), number: 1 + (j % 4) };
}

async function insertRows(db: CentralDb, table: string, cols: string[], rows: SqlValue[][]): Promise<void> {
  const per = Math.floor(4000 / cols.length);
  for (let i = 0; i < rows.length; i += 20 * per)
    await db.tx(async (q) => {
      for (let j = i; j < Math.min(rows.length, i + 20 * per); j += per) {
        const chunk = rows.slice(j, j + per);
        await q.run(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${chunk.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}`,
          chunk.flat(),
        );
      }
    });
}

async function fill(db: CentralDb): Promise<void> {
  const catalogue: SqlValue[][] = [];
  for (let i = 0; i < CASILLAS; i++) {
    const k = casilla(i);
    const { entidad, distrito } = catdOf(k.c);
    catalogue.push([entidad, distrito, k.seccion, 'B', k.number, '']);
  }
  await insertRows(
    db,
    'central_catalogue',
    ['entidad', 'distrito', 'seccion', 'casilla_type', 'casilla_number', 'election'],
    catalogue,
  );
  const cols = ['idempotency_key', 'station_id', 'acta_key', 'catd', 'manifest_sha256', 'manifest'];
  const more = [
    'signature',
    'state',
    'lease_until',
    'receipt',
    'receipt_signature',
    'receipt_id',
    'received_at',
    'via',
  ];
  let batch: SqlValue[][] = [];
  for (let n = 0; n < ACTAS; n++) {
    const k = casilla(Math.floor(n / ELECTIONS.length));
    const { catd } = catdOf(k.c);
    const key = `2024-${ELECTIONS[n % ELECTIONS.length]}-${catd}-${k.seccion}-B${k.number}`;
    batch.push([
      `K-${n}`,
      `CATD-${k.c}-${n % STATIONS_PER_CATD}`,
      key,
      catd,
      'h'.repeat(64),
      MANIFEST,
      's'.repeat(88),
      'done',
      0,
      RECEIPT,
      's'.repeat(88),
      `R-${n}`,
      '2024-06-02T20:00:00.000Z',
      'link',
    ]);
    if (batch.length === 40_000 || n === ACTAS - 1) {
      await insertRows(db, 'manifests', [...cols, ...more], batch);
      batch = [];
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(f: () => Promise<unknown>, n = READS): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** The screens' reading before migration 7: every standing record and the whole catalogue. */
async function oldNational(db: CentralDb): Promise<void> {
  await recountProgress(db);
  await db.all(
    `SELECT station_id, MAX(acta_key) AS acta_key FROM manifests WHERE state = 'done' GROUP BY station_id`,
  );
}

/** Intake (each commit's database work) while `read` runs: commits/s and the loop's longest stall. */
async function duringIntake(db: CentralDb, read: () => Promise<unknown>, ms: number, tally = true) {
  // How late a 5 ms timer fires: the loop's stalls, measured directly (perf_hooks' histogram
  // drops values beyond its range, which a stall of seconds is).
  const lags: number[] = [];
  let expected = performance.now() + 5;
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - expected));
    expected = now + 5;
  }, 5);
  let commits = 0;
  let reads = 0;
  let stop = false;
  // The counts follow the commits as at a node (central/store.ts): batches every TALLY_EVERY_MS.
  const tallying = tally ? setInterval(() => void settleTally(db), TALLY_EVERY_MS) : undefined;
  const intake = (async () => {
    for (let n = 0; !stop; n++) {
      const key = `2024-PRES-${catdOf(n % CATDS).catd}-9${String(n % 1000).padStart(3, '0')}-B${1 + (n % 7)}`;
      const id = `BENCH-${ms}-${n}-${Math.random()}`;
      await db.tx(async (q) => {
        await q.run(
          `INSERT INTO manifests (idempotency_key, station_id, acta_key, catd, manifest_sha256, manifest, signature,
             state, lease_until, receipt, receipt_signature, receipt_id, received_at, via)
           VALUES (?, ?, ?, ?, 'h', ?, 's', 'done', 0, ?, 's', ?, '2024-06-02T21:00:00.000Z', 'link')`,
          [
            id,
            tally ? 'CATD-BENCH' : 'CATD-UNCOUNTED',
            key,
            catdOf(n % CATDS).catd,
            MANIFEST,
            RECEIPT,
            `RB-${Math.random()}`,
          ],
        );
        // Queued for the counts as a commit's trigger queues it (migration 10).
        if (tally) await q.run('INSERT INTO tally_queue (idempotency_key) VALUES (?)', [id]);
      });
      commits++;
      // Requests arrive from the network: between two commits the node takes other work.
      await new Promise((r) => setImmediate(r));
    }
  })();
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await read();
    reads++;
    await new Promise((r) => setTimeout(r, 100));
  }
  stop = true;
  await intake;
  clearInterval(timer);
  clearInterval(tallying);
  await settleTally(db);
  const seconds = (performance.now() - t0) / 1000;
  lags.sort((a, b) => a - b);
  return {
    maxMs: lags.at(-1) ?? 0,
    p99Ms: lags[Math.floor(lags.length * 0.99)] ?? 0,
    commitsPerS: commits / seconds,
    reads,
  };
}

function stall(s: { maxMs: number; p99Ms: number; commitsPerS: number; reads: number }): string {
  return `${s.maxMs.toFixed(0)} / ${s.p99Ms.toFixed(0)} ms (${s.reads} readings, ${s.commitsPerS.toFixed(0)} commits/s)`;
}

async function run(engine: 'sqlite' | 'postgres'): Promise<void> {
  const cluster = engine === 'postgres' ? await startPgCluster() : null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-bench-panel-'));
  roots.push(dir);
  try {
    const databaseUrl = cluster ? await cluster.freshDatabase() : undefined;
    const open = (upTo: number) =>
      openCentralDb({
        ...(databaseUrl ? { databaseUrl } : {}),
        sqliteFile: path.join(dir, 'intake.sqlite'),
        sqliteMigrations: CENTRAL_MIGRATIONS.slice(0, upTo),
        pgMigrations: CENTRAL_MIGRATIONS_PG.slice(0, upTo),
      });
    let t0 = performance.now();
    const old = await open(6);
    await fill(old);
    await old.close();
    const fillS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const db = await open(CENTRAL_MIGRATIONS.length);
    const migrateS = (performance.now() - t0) / 1000;
    if (db.engine === 'postgres') await db.run('ANALYZE');
    const panel = new PanelData(db, dir, () => new Date());
    const national = await panel.national();
    const one = catdOf(7).catd;
    const before = await timed(() => oldNational(db), 3);
    const after = await timed(() => panel.national());
    const catdAfter = await timed(() => panel.catd(one));
    const untallied = await duringIntake(db, () => Promise.resolve(), 6_000, false);
    // Those commits skipped the counts on purpose (to price them): gone, so the counts stay true.
    await db.run(`DELETE FROM manifests WHERE station_id = 'CATD-UNCOUNTED'`);
    const stallAlone = await duringIntake(db, () => Promise.resolve(), 6_000);
    const stallBefore = await duringIntake(db, () => oldNational(db), 6_000);
    const stallAfter = await duringIntake(db, () => Promise.all([panel.national(), panel.catd(one)]), 6_000);
    const agree =
      JSON.stringify(
        (await recountProgress(db)).map((r) => [r.catd, r.expected, r.received, r.outOfCatalogue]),
      ) ===
      JSON.stringify(
        (await panel.national()).catds.map((r) => [r.catd, r.expected, r.received, r.outOfCatalogue]),
      );
    await db.close();
    console.log(
      `${engine.padEnd(8)} ${ACTAS} actas, ${CASILLAS} casillas, ${CATDS} CATDs (filled in ${fillS.toFixed(0)} s; ` +
        `migration 7 back-fill ${migrateS.toFixed(1)} s): ${national.received}/${national.expected} received\n` +
        `         national reading: before ${before.toFixed(0)} ms → after ${after.toFixed(1)} ms ` +
        `(×${(before / after).toFixed(0)}); one CATD (${one}, its missing list included): before ${before.toFixed(0)} ms ` +
        `→ after ${catdAfter.toFixed(1)} ms\n` +
        `         commits/s without the counts ${untallied.commitsPerS.toFixed(0)}, with ${stallAlone.commitsPerS.toFixed(0)}; ` +
        `event loop stall (max / p99) during intake alone ${stall(stallAlone)}; reading the screens ` +
        `during intake: before ${stall(stallBefore)} → after ${stall(stallAfter)}; ` +
        `kept counts equal a recount: ${agree ? '✓' : '✗ MISMATCH'}`,
    );
    if (!agree) process.exitCode = 1;
  } finally {
    cluster?.close();
  }
}

await run('sqlite');
if (postgresAvailable()) await run('postgres');
else console.log('postgres: skipped (no /usr/lib/postgresql/15/bin)');
for (const d of roots) fs.rmSync(d, { recursive: true, force: true });
