// The central's database for a data folder: SQLite inside it, or the PostgreSQL URL given.
import path from 'node:path';
import { openCentralDb, type CentralDb } from './db';
import { CENTRAL_MIGRATIONS, CENTRAL_MIGRATIONS_PG } from './migrations';

export function centralSqliteFile(dataDir: string): string {
  return path.join(dataDir, 'intake.sqlite');
}

/** The central's database for this data folder (or URL), migrated; `durable: false` for nonces. */
export function openCentralDatabase(
  dataDir: string,
  databaseUrl: string | undefined,
  durable = true,
): Promise<CentralDb> {
  return openCentralDb({
    ...(databaseUrl ? { databaseUrl } : {}),
    sqliteFile: centralSqliteFile(dataDir),
    sqliteMigrations: CENTRAL_MIGRATIONS,
    pgMigrations: CENTRAL_MIGRATIONS_PG,
    durable,
  });
}
