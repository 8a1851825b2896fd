// The central's numbered migrations on both engines: each ends at the same version with the same
// tables and columns, a second start migrates nothing, several nodes starting at once on one
// PostgreSQL migrate it once, and a database from a newer build is refused on either.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCentralDb, schemaVersionOf, type CentralDb } from '../../central/db';
import { CENTRAL_MIGRATIONS, CENTRAL_MIGRATIONS_PG } from '../../central/migrations';
import { MigrationError } from '../../electron/platform/sqlite';
import { centralEngines } from '../helpers/central-engines';
import { tempDir } from '../helpers/temp';

const engines = centralEngines();

async function open(dataDir: string): Promise<CentralDb> {
  return openCentralDb({
    ...(await engines.options(dataDir)),
    sqliteFile: path.join(dataDir, 'intake.sqlite'),
    sqliteMigrations: CENTRAL_MIGRATIONS,
    pgMigrations: CENTRAL_MIGRATIONS_PG,
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
