// The Tablero's CATD panel (issue #18): the catalogue's casillas against every station's acopio as
// the central reports it and this station's own actas. A casilla received at two stations, in
// three elections, or a key outside the catalogue never makes "Recibidas" pass the catalogue; the
// missing casillas are the CATD's; without the central it is this station's count, and says so.
import { expect, it } from 'vitest';
import { catdCounts } from '../../../electron/workflow/catd-counts';
import { receive, key, station, supervisor } from './fixture';
import { actaKeyId, type ActaKey } from '../../../shared/acta-key';
import type { CatdView } from '../../../shared/catd-view';

const CSV = ['entidad,distrito,seccion,tipo,numero', '9,5,1,B,1', '9,5,2,B,1', '9,5,3,C,2'].join('\n');
const of = (k: ActaKey, election: string): ActaKey => ({ ...k, election });

function view(received: ActaKey[], acknowledged: ActaKey[] = []): { view: CatdView; at: string } {
  return {
    view: {
      catd: '09-05',
      received: received.map(actaKeyId),
      acknowledged: acknowledged.map(actaKeyId),
      stations: [{ stationId: 'CATD-0905-01', stationName: 'Estación 1', received: received.length }],
    },
    at: '2024-06-03T03:14:00.000Z',
  };
}

it("counts the CATD's casillas once, whichever stations and elections received them", () => {
  const s = station();
  s.wf.loadCatalogue(CSV, 'catálogo del distrito 05', supervisor);
  receive(s, of(key(1), 'PRES'));
  // Station 1 received the same casilla (another election too), another one, and a stray key.
  const central = view([of(key(1), 'PRES'), of(key(1), 'SEN'), key(2), key(99)], [key(2)]);
  const c = catdCounts(s.wf.catalogue.current(), s.wf.actas.keyStages(), central);
  expect(c).toMatchObject({
    source: 'central',
    catd: '09-05',
    expected: 3,
    received: 2,
    acknowledged: 1,
    outOfCatalogue: 1,
    missingTotal: 1,
    missing: ['09-05 · 0003 C2'],
  });
  expect(c.received).toBeLessThanOrEqual(c.expected);
});

it('without the central, counts only this station and says so', () => {
  const s = station();
  s.wf.loadCatalogue(CSV, 'catálogo del distrito 05', supervisor);
  receive(s, key(3, 2, 'C'));
  const c = catdCounts(s.wf.catalogue.current(), s.wf.actas.keyStages(), null);
  expect(c).toMatchObject({ source: 'station', catd: null, asOf: null, received: 1, missingTotal: 2 });
  expect(c.missing).toEqual(['09-05 · 0001 B1', '09-05 · 0002 B1']);
});
