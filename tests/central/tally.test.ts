// The counts follow the records in batches (central/tally.ts). Records of a few casillas (every
// election of them, some in the catalogue for every election, keys outside it, records kept
// beside each other and replaced) and of many others commit while tallies run, more than one
// batch at a time: once settled, the counts equal a recount and no record waits to be counted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCentralCatalogue } from '../../central/catalogue';
import { CentralStore } from '../../central/store';
import { settleTally, TALLY_BATCH } from '../../central/tally';
import { centralEngines } from '../helpers/central-engines';
import { recountProgress, settledCounts } from '../helpers/progress-recount';

const engines = centralEngines();
const stores: CentralStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-tally-'));
  dirs.push(d);
  return d;
};

const CATALOGUE = [
  'entidad,distrito,seccion,tipo,numero,eleccion',
  '09,05,0001,B,1,',
  '09,05,0002,B,1,PRES',
  '09,05,0002,B,1,SEN',
  '09,05,0003,C,1,',
  '09,06,0001,B,1,DIP',
].join('\n');
const CASILLAS = ['09-05-0001-B1', '09-05-0002-B1', '09-05-0003-C1', '09-06-0001-B1', '09-07-0004-B1'];
const ELECTIONS = ['PRES', 'SEN', 'DIP'];

/** A small deterministic generator: the same night on both engines. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe.each(engines.engines)('the tally, on %s', (engine) => {
  engines.use(engine);

  it(`equals a recount after ${2 * TALLY_BATCH + 200} records committed while tallies ran`, async () => {
    const dir = tempDir();
    const store = await CentralStore.open(dir, await engines.options(dir));
    stores.push(store);
    const db = store.db;
    expect((await importCentralCatalogue(db, CATALOGUE)).ok).toBe(true);
    const random = prng(18);
    const standing = new Map<string, string[]>();
    let n = 0;
    const commit = async () => {
      // Half the records on a few casillas (replacements, every-election entries), half spread
      // over many, so that most of those keys get one record: one the tally missed stays missed.
      const casilla =
        random() < 0.5
          ? CASILLAS[Math.floor(random() * CASILLAS.length)]
          : `09-0${5 + Math.floor(random() * 3)}-${1000 + Math.floor(random() * 2000)}-B1`;
      const acta = `2024-${ELECTIONS[Math.floor(random() * 3)]}-${casilla}`;
      const key = `K-${++n}`;
      const replaces = random() < 0.3 ? (standing.get(acta) ?? []) : [];
      await db.tx(async (q) => {
        // In flight, then done: the commit's own UPDATE, whose trigger queues it for the counts.
        await q.run(
          `INSERT INTO manifests (idempotency_key, station_id, acta_key, catd, manifest_sha256, manifest, signature,
             state, lease_until) VALUES (?, ?, ?, ?, 'h', '{}', 's', 'in_flight', 0)`,
          [key, `E${n % 4}`, acta, acta.slice(10, 15)],
        );
        await q.run(`UPDATE manifests SET state = 'done' WHERE idempotency_key = ?`, [key]);
        // A replacement commits with the records it replaces, as standing.ts applies them.
        for (const old of replaces)
          await q.run('UPDATE manifests SET superseded_by = ? WHERE idempotency_key = ?', [key, old]);
      });
      standing.set(acta, [...(replaces.length ? [] : (standing.get(acta) ?? [])), key]);
    };
    const tallies: Array<Promise<void>> = [];
    while (n < 2 * TALLY_BATCH + 200) {
      // A tally starts, and records commit while it reads and writes.
      tallies.push(settleTally(db));
      const burst = 1 + Math.floor(random() * 60);
      await Promise.all(Array.from({ length: burst }, () => commit()));
    }
    await Promise.all(tallies);
    expect(await settledCounts(db)).toEqual(await recountProgress(db));
    expect(await db.get<{ n: number }>('SELECT count(*) AS n FROM tally_queue')).toEqual({ n: 0 });
  });

  it('a tally that fails leaves the records to the next one, and the node goes on', async () => {
    const dir = tempDir();
    const store = await CentralStore.open(dir, await engines.options(dir));
    stores.push(store);
    const db = store.db;
    await db.run(
      `INSERT INTO manifests (idempotency_key, station_id, acta_key, catd, manifest_sha256, manifest, signature,
         state, lease_until) VALUES ('K-1', 'E1', '2024-PRES-09-05-0001-B1', '09-05', 'h', '{}', 's', 'in_flight', 0)`,
    );
    await db.run(`UPDATE manifests SET state = 'done' WHERE idempotency_key = 'K-1'`);
    // The counts' table gone for a moment (as a database that refuses the batch): the tally fails
    // to its caller, with nothing half-written.
    await db.run('ALTER TABLE progress_catds RENAME TO progress_catds_away');
    await expect(settleTally(db)).rejects.toThrow();
    expect(await db.get<{ n: number }>('SELECT count(*) AS n FROM tally_queue')).toEqual({ n: 1 });
    expect(await db.all('SELECT * FROM progress_actas')).toEqual([]);
    await db.run('ALTER TABLE progress_catds_away RENAME TO progress_catds');
    // A queued key whose record is not there (a hand-edited database) is taken off the queue and
    // counts nothing; it does not keep the tally coming back to it.
    await db.run(`INSERT INTO tally_queue (idempotency_key) VALUES ('K-nowhere')`);
    expect(await settledCounts(db)).toEqual([{ catd: '09-05', expected: 0, received: 0, outOfCatalogue: 1 }]);
    expect(await db.get<{ n: number }>('SELECT count(*) AS n FROM tally_queue')).toEqual({ n: 0 });
  });
});
