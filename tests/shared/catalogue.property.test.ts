// Hostile CSV at the catalogue parser (a district's file opened and saved by any spreadsheet, a
// wrong file, a truncated copy): never a throw, every bad line reported by its number, and a
// refusal is all-or-nothing. Valid catalogues, however a spreadsheet writes them, read back.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCatalogueCsv, type CatalogueEntry } from '../../shared/catalogue';

const RUNS = 500;
const CODES = new Set([
  'empty',
  'header',
  'columns',
  'entidad',
  'distrito',
  'seccion',
  'tipo',
  'numero',
  'eleccion',
  'duplicate',
]);

const entryArb: fc.Arbitrary<CatalogueEntry> = fc.record({
  entidad: fc.integer({ min: 1, max: 32 }).map((n) => String(n).padStart(2, '0')),
  distrito: fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(2, '0')),
  seccion: fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, '0')),
  casillaType: fc.constantFrom('B' as const, 'C' as const, 'E' as const, 'S' as const),
  casillaNumber: fc.integer({ min: 1, max: 999 }),
  election: fc.constantFrom(null, 'PRES', 'SEN', 'DIP'),
});
const uniqueEntries = fc.uniqueArray(entryArb, {
  minLength: 1,
  maxLength: 40,
  selector: (e) =>
    `${e.entidad}-${e.distrito}-${e.seccion}-${e.casillaType}${e.casillaNumber}|${e.election ?? '*'}`,
});
/** How spreadsheets write the same file: BOM, line endings, quotes, padding, case, accents. */
const style = fc.record({
  bom: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  quote: fc.boolean(),
  pad: fc.constantFrom('', ' '),
  accents: fc.boolean(),
  lowerTipo: fc.boolean(),
  trailingBlank: fc.boolean(),
});

type Style = typeof style extends fc.Arbitrary<infer T> ? T : never;

function write(entries: CatalogueEntry[], s: Style): string {
  const q = (v: string) => `${s.pad}${s.quote ? `"${v}"` : v}${s.pad}`;
  const header = [
    'entidad',
    'distrito',
    s.accents ? 'sección' : 'seccion',
    'tipo',
    'número',
    s.accents ? 'Elección' : 'eleccion',
  ];
  const rows = entries.map((e) =>
    [
      String(+e.entidad),
      e.distrito,
      e.seccion,
      s.lowerTipo ? e.casillaType.toLowerCase() : e.casillaType,
      String(e.casillaNumber),
      e.election ?? '',
    ]
      .map(q)
      .join(','),
  );
  return (
    (s.bom ? '\uFEFF' : '') +
    [header.map(q).join(','), ...rows].join(s.eol) +
    (s.trailingBlank ? s.eol + s.eol : '')
  );
}

describe('catalogue CSV under hostile files', () => {
  it('any text: never a throw; a refusal names real lines with known codes', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 2_000 }),
      fc
        .array(
          fc.array(fc.string({ maxLength: 8 }), { maxLength: 9 }).map((f) => f.join(',')),
          { maxLength: 30 },
        )
        .map((l) => ['entidad,distrito,seccion,tipo,numero', ...l].join('\n')),
      fc
        .integer({ min: 1, max: 50_000 })
        .map((n) => `entidad,distrito,seccion,tipo,numero\n${',9'.repeat(n)}`),
      fc
        .integer({ min: 100_000, max: 2_000_000 })
        .map((n) => `entidad,distrito,seccion,tipo,numero\n${'9'.repeat(n)},5,1,B,1`),
    );
    fc.assert(
      fc.property(text, (csv) => {
        const r = parseCatalogueCsv(csv);
        if (r.ok) return void expect(r.catalogue.size).toBe(r.catalogue.entries.length);
        const lines = csv.split(/\r\n|\n|\r/).length;
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          expect(CODES.has(e.code), e.code).toBe(true);
          expect(e.messageKey).toBe(`catalogue.error.${e.code}`);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines);
          expect(e.text.length).toBeLessThanOrEqual(80);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a valid catalogue reads back however a spreadsheet wrote it', () => {
    fc.assert(
      fc.property(uniqueEntries, style, (entries, s) => {
        const r = parseCatalogueCsv(write(entries, s));
        expect(r.ok, JSON.stringify(r.ok ? '' : r.errors.slice(0, 2))).toBe(true);
        if (!r.ok) return;
        expect(r.catalogue.entries).toEqual(entries);
        for (const e of entries) {
          const found = r.catalogue.lookup({ year: 2024, ...e, election: e.election ?? 'PRES' });
          expect(found.ok).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('one bad line among good ones: refused as a whole, that line named and only it', () => {
    const bad = fc.constantFrom(
      '33,05,1234,B,1,',
      '09,00,1234,B,1,',
      '09,05,0,B,1,',
      '09,05,1234,X,1,',
      '09,05,1234,B,0,',
      '09,05,1234,B,1,pres1',
      '09,05',
      '\u0000\u0000',
      'x'.repeat(100_000),
    );
    fc.assert(
      fc.property(uniqueEntries, style, bad, fc.nat(), (entries, s, line, at) => {
        const rows = write(entries, { ...s, trailingBlank: false, quote: false, bom: false }).split(s.eol);
        const i = 1 + (at % entries.length);
        rows.splice(i, 0, line);
        const r = parseCatalogueCsv(rows.join(s.eol));
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.errors.map((e) => e.line)).toEqual([i + 1]);
      }),
      { numRuns: RUNS },
    );
  });
});
