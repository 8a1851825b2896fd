// Commits racing one another, on both engines (on PostgreSQL through the pool's connections at
// once): a receipt's transaction locks its casilla and runs READ COMMITTED (central/db.ts
// TxLocks), so these are the cases the locks must hold. Several stations of a CATD sending the
// same acta at the same moment: one record stands, the others are conflicts. The elections of an
// every-election casilla arriving together: one entry received. Many casillas of one section (one
// counter row) at once, and a district's catalogue imported in the middle: the screens' counts
// still equal a recount from the records.
import { afterEach, describe, expect, it } from 'vitest';
import { importCentralCatalogue } from '../../central/catalogue';
import { centralEngines } from '../helpers/central-engines';
import { centralWorld, type WorldStation } from '../helpers/central-world';
import { recountProgress, settledCounts } from '../helpers/progress-recount';

const engines = centralEngines();

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STATIONS = 6;
/** Casillas of one section (one counter row of the CATD) sent at once. */
const SAME_SECTION = 24;

const CATALOGUE = [
  'entidad,distrito,seccion,tipo,numero,eleccion',
  '09,05,0002,B,1,', // every election: three elections at once fill it once
  '09,05,0003,B,1,PRES', // sent by every station at once: one record
  ...Array.from({ length: SAME_SECTION }, (_, i) => `09,05,0010,B,${i + 1},PRES`),
].join('\n');

async function deliverAs(station: WorldStation, actaKey: string) {
  return station.deliver(station.enqueue({ ...station.item(0), actaKey }));
}

describe.each(engines.engines)('commits racing one another, on %s', (engine) => {
  engines.use(engine);

  it('one record per casilla stands, and the counts equal a recount', async () => {
    const { intake, side } = await centralWorld(engines, cleanups);
    const db = intake.store.db;
    expect((await importCentralCatalogue(db, CATALOGUE)).ok).toBe(true);
    const stations = Array.from({ length: STATIONS }, (_, i) => side(`CATD-0905-0${i + 1}`));

    // Every station sends the same acta at the same moment.
    const same = await Promise.all(stations.map((s) => deliverAs(s, '2024-PRES-09-05-0003-B1')));
    expect(same.filter((o) => o.kind === 'delivered')).toHaveLength(1);
    expect(same.filter((o) => o.kind === 'permanent')).toEqual(
      Array.from({ length: STATIONS - 1 }, () => ({
        kind: 'permanent',
        error: 'transmit.error.acta_conflict',
      })),
    );
    const standing = await db.all<{ station_id: string }>(
      `SELECT station_id FROM manifests WHERE acta_key = ? AND state = 'done'`,
      ['2024-PRES-09-05-0003-B1'],
    );
    expect(standing).toHaveLength(1);

    // Three elections of an every-election casilla from three stations, and a section's casillas
    // spread over all of them, at once; a re-import of the district in the middle of it.
    const elections = ['PRES', 'SEN', 'DIP'].map((e, i) =>
      deliverAs(stations[i]!, `2024-${e}-09-05-0002-B1`),
    );
    const section = Array.from({ length: SAME_SECTION }, (_, i) =>
      deliverAs(stations[i % STATIONS]!, `2024-PRES-09-05-0010-B${i + 1}`),
    );
    const reimport = new Promise((r) => setTimeout(r, 20)).then(() => importCentralCatalogue(db, CATALOGUE));
    const outcomes = await Promise.all([...elections, ...section]);
    expect(outcomes.every((o) => o.kind === 'delivered')).toBe(true);
    expect((await reimport).ok).toBe(true);

    const counts = await settledCounts(db);
    expect(counts).toEqual(await recountProgress(db));
    expect(counts).toEqual([
      { catd: '09-05', expected: SAME_SECTION + 2, received: SAME_SECTION + 2, outOfCatalogue: 0 },
    ]);
  });
});
