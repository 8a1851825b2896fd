// What the operator is told for each way a write can fail. The disk-full and read-only scenarios
// run on a real tmpfs (tests/electron/capture/store/); this covers the codes Linux will not let a
// test produce on a live database (remounting read-only under an open SQLite file is EBUSY).
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { STORAGE_MESSAGE_KEYS, storageProblem } from '../../../electron/store/storage-errors';
import { esMXStorage, enStorage } from '../../../shared/messages/storage';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('storage problems', () => {
  it('names a full disk, a read-only disk and other disk failures from fs and SQLite codes', () => {
    expect(storageProblem(withCode('ENOSPC'))).toBe('diskFull');
    expect(storageProblem(withCode('EDQUOT'))).toBe('diskFull');
    expect(storageProblem(withCode('SQLITE_FULL'))).toBe('diskFull');
    expect(storageProblem(withCode('EROFS'))).toBe('readOnly');
    expect(storageProblem(withCode('SQLITE_READONLY'))).toBe('readOnly');
    expect(storageProblem(withCode('SQLITE_READONLY_DBMOVED'))).toBe('readOnly');
    expect(storageProblem(withCode('SQLITE_IOERR_WRITE'))).toBe('io');
    expect(storageProblem(withCode('EIO'))).toBe('io');
  });

  it('leaves bugs and refusals alone (they are not the disk)', () => {
    expect(storageProblem(new TypeError('x is undefined'))).toBeNull();
    expect(storageProblem(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageProblem(null)).toBeNull();
  });

  it('reads the code better-sqlite3 really throws for a read-only database', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    db.pragma('query_only = ON');
    let caught: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (1)').run();
    } catch (err) {
      caught = err;
    }
    db.close();
    expect(storageProblem(caught)).toBe('readOnly');
  });

  it('has a text for every key in both languages', () => {
    for (const key of Object.values(STORAGE_MESSAGE_KEYS)) {
      const [, group, name] = key.split('.') as [string, 'error', keyof typeof esMXStorage.storage.error];
      expect(esMXStorage.storage[group][name]).toBeTruthy();
      expect(enStorage.storage[group][name]).toBeTruthy();
    }
    expect(esMXStorage.storage.error.diskFull).toBe(
      'Disco lleno: no se guardó la hoja. Avise al supervisor para liberar espacio; lo ya guardado está intacto.',
    );
  });
});
