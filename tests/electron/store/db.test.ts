import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, MigrationError } from '../../../electron/store/db';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { tempDir } from '../../helpers/temp';

describe('station database', () => {
  it('opens with WAL, synchronous=FULL and foreign keys', () => {
    const db = openDatabase(path.join(tempDir(), 'catd.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('uses STRICT tables: a wrong type is refused, not coerced', () => {
    const db = openDatabase(':memory:');
    expect(() =>
      db.prepare("INSERT INTO audit_log VALUES ('x', 'a', 0, 'a', 'a', 'a', '{}', 'p', 'h')").run(),
    ).toThrow(/datatype mismatch|cannot store/i);
  });

  it('applies migrations once and keeps data across reopen', () => {
    const file = path.join(tempDir(), 'catd.sqlite');
    const db = openDatabase(file);
    db.prepare("INSERT INTO settings VALUES ('k', 'v', 'now')").run();
    db.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('k')).toBe('v');
    again.close();
  });

  it('refuses a database written by a newer build instead of guessing', () => {
    const file = path.join(tempDir(), 'catd.sqlite');
    const withFuture = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'future', sql: 'CREATE TABLE f (x INTEGER) STRICT' },
    ];
    openDatabase(file, withFuture).close();
    expect(() => openDatabase(file)).toThrow(MigrationError);
  });

  it('rolls back a failing migration whole', () => {
    const file = path.join(tempDir(), 'catd.sqlite');
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE ok (x INTEGER) STRICT; NOT SQL' },
    ];
    expect(() => openDatabase(file, broken)).toThrow();
    const db = openDatabase(file);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ok'").pluck().get()).toBe(0);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  });
});
