// What a supervisor notices when a hostile or broken CSV is loaded over a good catalogue: it is
// refused with its bad lines, and the catalogue in force (and each acta's in/out mark) stays the
// one loaded before, also after a restart. Only a file with every line good replaces it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { key, receive, station, supervisor } from './fixture';

const RUNS = 300;
const GOOD = ['entidad,distrito,seccion,tipo,numero', '9,5,1,B,1', '9,5,2,B,1', '09,05,0003,C,2'].join('\n');

const hostileCsv = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc
    .array(fc.string({ maxLength: 10 }), { maxLength: 20 })
    .map((l) => ['entidad,distrito,seccion,tipo,numero', ...l].join('\r\n')),
  // A good file with garbage appended: the good lines must not be half-loaded.
  fc
    .string({ minLength: 1, maxLength: 40 })
    .map((junk) => `${GOOD}\n9,5,4,B,1\n${junk.replace(/[\r\n]/g, '')}x`),
  fc.integer({ min: 10_000, max: 500_000 }).map((n) => `${GOOD}\n${'9,'.repeat(n)}`),
);

describe('catalogue load is all-or-nothing under hostile files', () => {
  it('a refused file leaves the catalogue in force and the actas marked as before', () => {
    const s = station();
    expect(s.wf.loadCatalogue(GOOD, 'catálogo del distrito 05', supervisor).ok).toBe(true);
    const before = s.wf.catalogue.info();
    const inside = receive(s, key(1)).acta;
    const outside = receive(s, key(4)).acta;
    let refused = 0;
    fc.assert(
      fc.property(hostileCsv, (csv) => {
        const r = s.wf.loadCatalogue(csv, 'catálogo corregido', supervisor);
        if (r.ok) {
          // Garbage that happens to be a valid catalogue: load it back for the next run.
          expect(s.wf.catalogue.info()!.sha256).not.toBe(before!.sha256);
          expect(s.wf.loadCatalogue(GOOD, 'catálogo del distrito 05', supervisor).ok).toBe(true);
          return;
        }
        refused++;
        expect(r.error.length).toBeGreaterThan(0);
        expect(s.wf.catalogue.info()!.sha256).toBe(before!.sha256);
        expect(s.wf.catalogue.current()!.size).toBe(3);
        expect(s.wf.get(inside.id).acta.catalogue).toBe('in');
        expect(s.wf.get(outside.id).acta.catalogue).toBe('out');
      }),
      { numRuns: RUNS },
    );
    expect(refused).toBeGreaterThan(RUNS / 2);
    s.reopen();
    expect(s.wf.catalogue.info()!.sha256).toBe(before!.sha256);
    expect(s.wf.dashboard().expected).toBe(3);
  });
});
