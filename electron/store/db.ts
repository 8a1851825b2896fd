// The station's SQLite database: the platform's opener (WAL, synchronous=FULL, foreign keys,
// STRICT tables, forward-only numbered migrations) with the station's own migrations. Every
// table belongs to the one module whose "Tables owned" header names it, the only one that runs
// SQL on it (tests/electron/store/table-ownership.test.ts holds each module to that); the
// migration ledger belongs to the opener (electron/platform/sqlite.ts).
import { openDatabase as openWithMigrations, type Db, type Migration } from '../platform/sqlite';
import { MIGRATIONS } from './migrations';

export { MigrationError, migrate, openDatabaseReadOnly, schemaVersion, type Db } from '../platform/sqlite';

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  return openWithMigrations(file, migrations);
}
