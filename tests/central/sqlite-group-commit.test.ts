// The embedded engine commits the transactions asked for in one turn of the event loop together
// (central/sqlite-db.ts): each still stands or falls alone, and none is answered before the
// shared COMMIT. What a receipt relies on, checked on a real SQLite file.
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/platform/sqlite';
import { SqliteDb } from '../../central/sqlite-db';
import { tempDir } from '../helpers/temp';

const open: SqliteDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

function fresh(): { db: SqliteDb; file: string } {
  const file = path.join(tempDir('catd-group-'), 'central.sqlite');
  const db = new SqliteDb(
    openDatabase(file, [
      { version: 1, name: 'records', sql: 'CREATE TABLE records (k TEXT PRIMARY KEY, n INTEGER)' },
    ]),
  );
  open.push(db);
  return { db, file };
}

/** What another connection (another process) sees on disk. */
function onDisk(file: string): string[] {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare('SELECT k FROM records ORDER BY k').all() as Array<{ k: string }>).map((r) => r.k);
  } finally {
    other.close();
  }
}

it('transactions asked for together: the one that fails leaves nothing, the others stand and are on disk when answered', async () => {
  const { db, file } = fresh();
  // One fsync for the lot is the point of it: count the COMMITs.
  let commits = 0;
  const exec = db.raw.exec.bind(db.raw);
  db.raw.exec = (sql: string) => {
    if (sql === 'COMMIT') commits++;
    return exec(sql);
  };
  const seenAtAnswer: string[][] = [];
  const asks = Array.from({ length: 12 }, (_, i) =>
    db
      .tx(async (q) => {
        await q.run('INSERT INTO records (k, n) VALUES (?, ?)', [`r${String(i).padStart(2, '0')}`, i]);
        await q.run('UPDATE records SET n = n + 100 WHERE k = ?', [`r${String(i).padStart(2, '0')}`]);
        // The fifth fails after writing, the ninth on a constraint: neither may leave a row.
        if (i === 4) throw new Error('refused');
        if (i === 8) await q.run('INSERT INTO records (k, n) VALUES (?, ?)', ['r00', 0]);
        return i;
      })
      .then(
        (v) => {
          seenAtAnswer.push(onDisk(file));
          return v;
        },
        (e: Error) => e.message,
      ),
  );
  const answers = await Promise.all(asks);
  expect(answers[4]).toBe('refused');
  expect(answers[8]).toMatch(/UNIQUE constraint failed/);
  expect(answers.filter((a) => typeof a === 'number')).toEqual([0, 1, 2, 3, 5, 6, 7, 9, 10, 11]);
  const standing = ['r00', 'r01', 'r02', 'r03', 'r05', 'r06', 'r07', 'r09', 'r10', 'r11'];
  expect(onDisk(file)).toEqual(standing);
  // Each was answered only once every row of its group was committed (visible to another connection).
  for (const seen of seenAtAnswer) expect(seen).toEqual(standing);
  expect(await db.all('SELECT n FROM records WHERE k = ?', ['r03'])).toEqual([{ n: 103 }]);
  expect(commits).toBe(1);
});
