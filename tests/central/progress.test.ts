// The counts the central's screens read (central/progress.ts) are kept as records commit; after a
// mixed night (replays by link and by USB drive, a replacement, records kept beside each other,
// a refused conflicting record, out-of-catalogue records, an every-election entry filled by two
// elections, a district's catalogue imported again) they equal a recount from the records
// themselves, and the screens show the numbers the receipts say.
import { afterEach, describe, expect, it } from 'vitest';
import { importCentralCatalogue } from '../../central/catalogue';
import { PanelData } from '../../central/panel-data';
import { MISSING_SQL } from '../../central/progress';
import type { OutboxEntry, OutboxItem } from '../../electron/transmit/outbox';
import { STATION_ID } from '../electron/transmit/fixtures';
import { centralEngines } from '../helpers/central-engines';
import { centralWorld, type WorldStation } from '../helpers/central-world';
import { recountProgress, settledCounts } from '../helpers/progress-recount';

const engines = centralEngines();

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CATALOGUE = [
  'entidad,distrito,seccion,tipo,numero,eleccion',
  '09,05,0002,B,1,', // every election: PRES and SEN records fill it once
  '09,05,0003,B,1,PRES', // replaced: still one
  '09,05,0004,B,1,PRES', // two records kept beside each other: one entry
  '09,05,0005,B,1,', // nothing sent: missing
].join('\n');

/** A station's steps of the night, each expected to be delivered (a replay included). */
function steps(a: WorldStation) {
  const delivered = async (e: OutboxEntry) => {
    expect(await a.deliver(e)).toMatchObject({ kind: 'delivered' });
    return e;
  };
  const item = (actaKey: string): OutboxItem => ({ ...a.item(0), actaKey });
  return {
    first: (actaKey: string) => delivered(a.enqueue(item(actaKey))),
    replace: (e: OutboxEntry) =>
      delivered(
        a.enqueue({ ...item(e.actaKey), record: 2, resolution: 'replace', supersedes: [e.idempotencyKey] }),
      ),
    keepBoth: (actaKey: string) =>
      delivered(a.enqueue({ ...item(actaKey), record: 2, resolution: 'keep_both' })),
    item,
  };
}

describe.each(engines.engines)('the screens’ counts kept as records commit, on %s', (engine) => {
  engines.use(engine);

  it('equal a recount from the records after a mixed night, and the screens show them', async () => {
    const { intake, side } = await centralWorld(engines, cleanups);
    const db = intake.store.db;
    expect((await importCentralCatalogue(db, CATALOGUE)).ok).toBe(true);
    const a = side(STATION_ID);
    const night = steps(a);
    const other = side('CATD-OTRA-02');

    const pres2 = await night.first('2024-PRES-09-05-0002-B1');
    await night.first('2024-SEN-09-05-0002-B1');
    // The same manifest again by link and by USB drive: replays, counted once.
    expect(await a.deliver(pres2)).toMatchObject({ kind: 'delivered', replayed: true });
    expect(await intake.store.commitManifest(pres2.idempotencyKey, pres2.signed, 'media')).toMatchObject({
      kind: 'replayed',
    });
    await night.replace(await night.first('2024-PRES-09-05-0003-B1'));
    await night.first('2024-PRES-09-05-0004-B1');
    await night.keepBoth('2024-PRES-09-05-0004-B1');
    // Another station's record of a casilla that already stands: refused, not counted.
    expect(
      await other.deliver(other.enqueue({ ...other.item(0), actaKey: '2024-PRES-09-05-0004-B1' })),
    ).toEqual({
      kind: 'permanent',
      error: 'transmit.error.acta_conflict',
    });
    // Out of catalogue: each standing record counts (two kept beside each other, one replaced).
    await night.first('2024-DIP-09-05-0009-B1');
    await night.keepBoth('2024-DIP-09-05-0009-B1');
    await night.replace(await night.first('2024-PRES-09-06-0001-B1'));

    const counts = await settledCounts(db);
    expect(counts).toEqual(await recountProgress(db));
    expect(counts).toEqual([
      { catd: '09-05', expected: 4, received: 3, outOfCatalogue: 2 },
      { catd: '09-06', expected: 0, received: 0, outOfCatalogue: 1 },
    ]);
    const panel = new PanelData(db, intake.store.dataDir, intake.store.now);
    expect(await panel.national()).toMatchObject({ expected: 4, received: 3, outOfCatalogue: 3 });
    const catd = await panel.catd('09-05');
    expect(catd).toMatchObject({
      missingTotal: 1,
      missing: [{ seccion: '0005', casilla: 'B1', election: null }],
    });
    expect(catd?.progress.stations).toBe(1);

    // The district's file again, now naming the DIP casilla and no longer the every-election one.
    const corrected = CATALOGUE.replace('09,05,0002,B,1,\n', '09,05,0002,B,1,SEN\n') + '\n09,05,0009,B,1,DIP';
    expect((await importCentralCatalogue(db, corrected)).ok).toBe(true);
    expect(await settledCounts(db)).toEqual(await recountProgress(db));
    expect((await settledCounts(db, '09-05'))[0]).toEqual({
      catd: '09-05',
      expected: 5,
      received: 4,
      outOfCatalogue: 1,
    });
    // And a record after it: the new entries count it.
    await night.first('2024-PRES-09-05-0005-B1');
    expect(await settledCounts(db)).toEqual(await recountProgress(db));
    expect((await panel.catd('09-05'))?.missingTotal).toBe(0);
  });

  it("reads one CATD's missing entries through indexes, never the national tables", async () => {
    const { intake } = await centralWorld(engines, cleanups);
    const db = intake.store.db;
    const plan = await db.tx(async (q) => {
      // PostgreSQL would scan tables this small anyway: told not to, it must still find an index.
      if (db.engine === 'postgres') await q.run('SET LOCAL enable_seqscan = off');
      const rows = await q.all<Record<string, unknown>>(
        `${db.engine === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${MISSING_SQL}`,
        ['09', '05', 200],
      );
      return rows.map((r) => Object.values(r).join(' ')).join('\n');
    });
    expect(plan).toMatch(/progress_actas_casilla/);
    expect(plan).not.toMatch(/SCAN (c|a|central_catalogue|progress_actas)\b(?! USING)|Seq Scan/);
  });
});
