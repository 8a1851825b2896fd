// The station's SQLite database: the platform's opener (WAL, synchronous=FULL, foreign keys,
// STRICT tables, forward-only numbered migrations) with the station's own migrations.
import { openDatabase as openWithMigrations, type Db, type Migration } from '../platform/sqlite';
import { MIGRATIONS } from './migrations';

export { MigrationError, migrate, openDatabaseReadOnly, schemaVersion, type Db } from '../platform/sqlite';

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  return openWithMigrations(file, migrations);
}
