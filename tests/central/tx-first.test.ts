// A transaction's first statements (run with BEGIN and its locks) and its last one (run with its
// COMMIT): on PostgreSQL both are sent by the simple protocol with their values written in as
// literals, so the values must arrive exactly as given, whatever they hold, and a failure in the
// last statement must leave nothing of the transaction behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pgInline } from '../../central/db';
import { CentralStore } from '../../central/store';
import { centralEngines } from '../helpers/central-engines';

const engines = centralEngines();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Values a station or an operator could put in a field, and SQL's own punctuation. */
const AWKWARD = [
  "O'Higgins",
  "'); DROP TABLE scratch; --",
  'C:\\actas\\09-05\\',
  "E'\\x41'",
  'dos ? signos ? de pregunta',
  '$1 $$ $tag$',
  'línea 1\nlínea 2\ttab',
  'Ñandú — acta № 7 🗳️',
  '',
];

async function scratchDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-tx-first-'));
  const store = await CentralStore.open(dir, await engines.options(dir));
  cleanups.push(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await store.db.run('CREATE TABLE scratch (k TEXT PRIMARY KEY, v TEXT, n INTEGER)');
  return store.db;
}

describe('pgInline', () => {
  it('writes numbers and null as such and refuses a wrong count of values', () => {
    expect(pgInline('SELECT ?, ?, ?', [-5, null, 2.5])).toBe('SELECT (-5), NULL, (2.5)');
    expect(() => pgInline('SELECT ?, ?', [1])).toThrow('faltan valores');
    expect(() => pgInline('SELECT ?', [1, 2])).toThrow('sobran valores');
    expect(() => pgInline('SELECT ?', [Number.NaN])).toThrow('no finito');
  });
});

describe.each(engines.engines)('on %s', (engine) => {
  engines.use(engine);

  it('first statements and the committing one carry every value exactly', async () => {
    const db = await scratchDb();
    const seen = await db.tx(
      async (q, [found]) => {
        for (const [i, v] of AWKWARD.entries())
          if (i < AWKWARD.length - 1)
            await q.run('INSERT INTO scratch (k, v, n) VALUES (?, ?, ?)', [`k${i}`, v, i]);
        const last = AWKWARD.length - 1;
        expect(
          await q.runAndCommit('INSERT INTO scratch (k, v, n) VALUES (?, ?, ?)', [
            `k${last}`,
            AWKWARD[last]!,
            -last,
          ]),
        ).toBe(1);
        // Its last write: nothing may be written after it, on either engine.
        await expect(q.run('DELETE FROM scratch')).rejects.toThrow('ya terminó');
        return found;
      },
      { exclusive: ['scratch'] },
      [{ sql: 'SELECT ? AS a, ? AS b, CAST(? AS TEXT) AS c', params: [AWKWARD[1]!, AWKWARD[2]!, null] }],
    );
    expect(seen).toEqual([{ a: AWKWARD[1], b: AWKWARD[2], c: null }]);
    const rows = await db.all<{ k: string; v: string; n: number }>(
      'SELECT k, v, n FROM scratch ORDER BY n DESC',
    );
    expect(new Map(rows.map((r) => [r.k, r.v]))).toEqual(new Map(AWKWARD.map((v, i) => [`k${i}`, v])));
    // Each of the awkward values, read back through a first statement too.
    for (const v of AWKWARD) {
      const back = await db.tx(async (_q, [r]) => r, undefined, [
        { sql: 'SELECT k FROM scratch WHERE v = ?', params: [v] },
      ]);
      expect(back).toHaveLength(1);
    }
  });

  it('a committing statement that fails leaves nothing of its transaction', async () => {
    const db = await scratchDb();
    await db.run('INSERT INTO scratch (k, v, n) VALUES (?, ?, ?)', ['taken', 'x', 0]);
    await expect(
      db.tx(async (q) => {
        await q.run('INSERT INTO scratch (k, v, n) VALUES (?, ?, ?)', ['earlier', 'y', 1]);
        return q.runAndCommit('INSERT INTO scratch (k, v, n) VALUES (?, ?, ?)', ['taken', 'z', 2]);
      }),
    ).rejects.toThrow();
    expect(await db.all('SELECT k FROM scratch ORDER BY k')).toEqual([{ k: 'taken' }]);
    // The connection is usable afterwards, in and out of transactions.
    expect(await db.tx((q) => q.runAndCommit('UPDATE scratch SET n = ? WHERE k = ?', [5, 'taken']))).toBe(1);
    expect(await db.get('SELECT n FROM scratch')).toEqual({ n: 5 });
  });
});
