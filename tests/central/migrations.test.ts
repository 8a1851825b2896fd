// The central's numbered migrations on both engines: each ends at the same version with the same
// tables and columns, a second start migrates nothing, several nodes starting at once on one
// PostgreSQL migrate it once, and a database from a newer build is refused on either.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCentralDb, schemaVersionOf, type CentralDb } from '../../central/db';
import { CENTRAL_MIGRATIONS, CENTRAL_MIGRATIONS_PG } from '../../central/migrations';
import { MigrationError } from '../../electron/platform/sqlite';
import { AcopioEvents } from '../../central/catd-view';
import { stationCatds } from '../../central/progress';
import { centralEngines } from '../helpers/central-engines';
import { recountProgress, settledCounts } from '../helpers/progress-recount';
import { tempDir } from '../helpers/temp';

const engines = centralEngines();

/** The central's database in dataDir, migrated up to `upTo` (default: the last version). */
async function open(dataDir: string, upTo = CENTRAL_MIGRATIONS.length): Promise<CentralDb> {
  return openCentralDb({
    ...(await engines.options(dataDir)),
    sqliteFile: path.join(dataDir, 'intake.sqlite'),
    sqliteMigrations: CENTRAL_MIGRATIONS.slice(0, upTo),
    pgMigrations: CENTRAL_MIGRATIONS_PG.slice(0, upTo),
  });
}

/** table → its columns, from the engine's own catalogue. */
async function shape(db: CentralDb): Promise<Record<string, string[]>> {
  const rows =
    db.engine === 'sqlite'
      ? await db.all<{ t: string; c: string }>(
          `SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
           WHERE m.type = 'table' ORDER BY m.name, p.cid`,
        )
      : await db.all<{ t: string; c: string }>(
          `SELECT table_name AS t, column_name AS c FROM information_schema.columns
           WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
        );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.t] ??= []).push(r.c);
  return out;
}

const shapes: Partial<Record<string, Record<string, string[]>>> = {};

describe.each(engines.engines)('central migrations on %s', (engine) => {
  engines.use(engine);

  it('reaches the last version with every table, and a second start changes nothing', async () => {
    const dir = tempDir('catd-central-');
    const db = await open(dir);
    expect(await schemaVersionOf(db)).toBe(CENTRAL_MIGRATIONS.length);
    const first = await shape(db);
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['manifests', 'blobs', 'heartbeats', 'supersessions', 'request_nonces']),
    );
    // A time in milliseconds (beyond 32 bits) and a count come back as numbers on both engines.
    await db.run('INSERT INTO request_nonces (station_id, nonce, timestamp_ms) VALUES (?, ?, ?)', [
      'E1',
      'n1',
      1_800_000_000_000,
    ]);
    expect(
      await db.get('SELECT timestamp_ms, count(*) AS n FROM request_nonces GROUP BY timestamp_ms'),
    ).toEqual({
      timestamp_ms: 1_800_000_000_000,
      n: 1,
    });
    await db.close();
    const again = await open(dir);
    expect(again.engine).toBe(engine);
    expect(await again.get<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')).toEqual({
      n: CENTRAL_MIGRATIONS.length,
    });
    shapes[engine] = await shape(again);
    await again.close();
    if (shapes.sqlite && shapes.postgres) expect(shapes.postgres).toEqual(shapes.sqlite);
  });

  it("gives a night's manifests their CATD (6), and the CATD's acknowledged count searches an index", async () => {
    const dir = tempDir('catd-central-');
    const old = await open(dir, 5);
    // As a central of version 5 wrote them: standing receipts of two CATDs, one replaced, one in flight.
    const manifest = (key: string, acta: string, state: string, supersededBy: string | null) =>
      old.run(
        `INSERT INTO manifests (idempotency_key, station_id, acta_key, manifest_sha256, manifest, signature,
           state, lease_until, superseded_by) VALUES (?, 'E1', ?, 'h', '{}', 's', ?, 0, ?)`,
        [key, acta, state, supersededBy],
      );
    await manifest('a', '2024-PRES-09-05-1234-B1', 'done', null);
    await manifest('b', '2024-SEN-09-05-1235-C1', 'done', null);
    await manifest('c', '2024-DIP-09-05-1236-B1', 'done', 'x');
    await manifest('d', '2024-PRES-09-05-1237-B1', 'in_flight', null);
    await manifest('e', '2024-PRES-09-06-0001-B1', 'done', null);
    await old.close();
    const db = await open(dir);
    const catds = await db.all<{ idempotency_key: string; catd: string }>(
      'SELECT idempotency_key, catd FROM manifests ORDER BY idempotency_key',
    );
    expect(catds.map((r) => r.catd)).toEqual(['09-05', '09-05', '09-05', '09-05', '09-06']);
    const view = await new AcopioEvents(db, () => new Date()).view('09-05', 'CATD-0905-01');
    expect(view.acknowledged).toEqual(['2024-PRES-09-05-1234-B1', '2024-SEN-09-05-1235-C1']);
    // The plan: an index search, not a scan of every manifest (PostgreSQL would scan five rows
    // anyway; told not to, it must still find an index to use).
    const query = `SELECT DISTINCT acta_key FROM manifests WHERE catd = '09-05' AND state = 'done' AND superseded_by IS NULL`;
    const plan = await db.tx(async (q) => {
      if (db.engine === 'postgres') await q.run('SET LOCAL enable_seqscan = off');
      const rows = await q.all<Record<string, unknown>>(
        db.engine === 'sqlite' ? `EXPLAIN QUERY PLAN ${query}` : `EXPLAIN ${query}`,
      );
      return rows.map((r) => Object.values(r).join(' ')).join('\n');
    });
    expect(plan).toMatch(/manifests_catd/);
    expect(plan).not.toMatch(/SCAN manifests\b(?! USING)|Seq Scan/);
    await db.close();
  });

  it("fills the screens' counts from the records already held (8), equal to a recount", async () => {
    const dir = tempDir('catd-central-');
    const old = await open(dir, 6);
    const manifest = (
      key: string,
      station: string,
      acta: string,
      state: string,
      supersededBy: string | null,
    ) =>
      old.run(
        `INSERT INTO manifests (idempotency_key, station_id, acta_key, manifest_sha256, manifest, signature,
           state, lease_until, superseded_by) VALUES (?, ?, ?, 'h', '{}', 's', ?, 0, ?)`,
        [key, station, acta, state, supersededBy],
      );
    const entry = (d: string, seccion: string, election: string) =>
      old.run(
        `INSERT INTO central_catalogue (entidad, distrito, seccion, casilla_type, casilla_number, election)
         VALUES ('09', ?, ?, 'B', 1, ?)`,
        [d, seccion, election],
      );
    await entry('05', '1234', '');
    await entry('05', '1235', 'SEN');
    await entry('05', '1236', 'DIP');
    await entry('05', '1239', '');
    await entry('07', '0001', 'PRES');
    await manifest('a', 'E1', '2024-PRES-09-05-1234-B1', 'done', null);
    await manifest('b', 'E1', '2024-SEN-09-05-1234-B1', 'done', null);
    await manifest('c', 'E1', '2024-SEN-09-05-1235-B1', 'done', null);
    await manifest('d', 'E1', '2024-DIP-09-05-1236-B1', 'done', 'x');
    await manifest('e', 'E1', '2024-PRES-09-05-1237-B1', 'in_flight', null);
    await manifest('f', 'E2', '2024-PRES-09-06-0001-B1', 'done', null);
    await manifest('g', 'E2', '2024-PRES-09-06-0001-B1', 'done', null);
    // A casilla number written with a leading zero fills no entry (out of catalogue); a lowercase
    // election is not the screens' shape at all (left out), as the recount does.
    await manifest('h', 'E2', '2024-PRES-09-05-1239-B01', 'done', null);
    await manifest('i', 'E3', '2024-pres-09-05-1239-B1', 'done', null);
    await old.close();
    const db = await open(dir);
    const counts = await settledCounts(db);
    expect(counts).toEqual(await recountProgress(db));
    expect(counts).toEqual([
      { catd: '09-05', expected: 4, received: 2, outOfCatalogue: 1 },
      { catd: '09-06', expected: 0, received: 0, outOfCatalogue: 2 },
      { catd: '09-07', expected: 1, received: 0, outOfCatalogue: 0 },
    ]);
    expect(await stationCatds(db)).toEqual(
      new Map([
        ['E1', '09-05'],
        ['E2', '09-06'],
      ]),
    );
    await db.close();
  });

  it('moves the records the counts have yet to follow to their queue (10), and a commit queues its record', async () => {
    const dir = tempDir('catd-central-');
    const old = await open(dir, 9);
    // As a central of version 9 left them: a record in flight, and one done, flagged for the tally.
    for (const [key, seccion, state, untallied] of [
      ['a', '1234', 'in_flight', 0],
      ['b', '1235', 'done', 1],
    ] as const)
      await old.run(
        `INSERT INTO manifests (idempotency_key, station_id, acta_key, catd, manifest_sha256, manifest, signature,
           state, lease_until, untallied) VALUES (?, 'E1', ?, '09-05', 'h', '{}', 's', ?, 0, ?)`,
        [key, `2024-PRES-09-05-${seccion}-B1`, state, untallied],
      );
    await old.close();
    const db = await open(dir);
    expect(await db.all('SELECT idempotency_key FROM tally_queue')).toEqual([{ idempotency_key: 'b' }]);
    // A record that becomes done is queued by its own UPDATE; one still in flight is not.
    for (const key of ['c', 'd'])
      await db.run(
        `INSERT INTO manifests (idempotency_key, station_id, acta_key, catd, manifest_sha256, manifest, signature,
           state, lease_until) VALUES (?, 'E1', ?, '09-05', 'h', '{}', 's', 'in_flight', 0)`,
        [key, `2024-PRES-09-05-${key === 'c' ? '1236' : '1237'}-B1`],
      );
    await db.run(`UPDATE manifests SET state = 'done' WHERE idempotency_key = 'c'`);
    await db.run(`UPDATE manifests SET lease_until = 1 WHERE idempotency_key = 'c'`);
    expect(await db.all('SELECT idempotency_key FROM tally_queue ORDER BY idempotency_key')).toEqual([
      { idempotency_key: 'b' },
      { idempotency_key: 'c' },
    ]);
    const counts = await settledCounts(db);
    expect(counts).toEqual([{ catd: '09-05', expected: 0, received: 0, outOfCatalogue: 2 }]);
    expect(counts).toEqual(await recountProgress(db));
    expect(await db.get<{ n: number }>('SELECT count(*) AS n FROM tally_queue')).toEqual({ n: 0 });
    await db.close();
  });

  it('refuses a database written by a newer build', async () => {
    const dir = tempDir('catd-central-');
    const db = await open(dir);
    await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      CENTRAL_MIGRATIONS.length + 1,
      'from the future',
      new Date().toISOString(),
    ]);
    await db.close();
    await expect(open(dir)).rejects.toThrow(MigrationError);
  });

  it.runIf(engine === 'postgres')('several nodes starting at once migrate one database once', async () => {
    const dir = tempDir('catd-central-');
    const dbs = await Promise.all([open(dir), open(dir), open(dir), open(dir)]);
    expect(await dbs[0]!.get('SELECT count(*) AS n FROM schema_migrations')).toEqual({
      n: CENTRAL_MIGRATIONS.length,
    });
    await Promise.all(dbs.map((d) => d.close()));
  });
});
