// Hostile text at the acta-key parser (a code reader can send anything: a wrong label, line
// noise, a keyboard wedge in the wrong layout). acta-key.test.ts has the examples and the plain
// round trip; this file aims generated garbage and near-misses at every field.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatActaKeyLabel, parseActaKey, type ActaKey } from '../../shared/acta-key';

const KNOWN_ERRORS = new Set([
  'actaKey.error.empty',
  'actaKey.error.fields',
  'actaKey.error.program',
  'actaKey.error.year',
  'actaKey.error.election',
  'actaKey.error.entidad',
  'actaKey.error.distrito',
  'actaKey.error.seccion',
  'actaKey.error.casillaType',
  'actaKey.error.casillaNumber',
  'actaKey.error.checkDigit',
]);
const RUNS = 2_000;

const keyArb: fc.Arbitrary<ActaKey> = fc.record({
  year: fc.integer({ min: 2000, max: 2099 }),
  election: fc.stringMatching(/^[A-Z]{2,6}$/),
  entidad: fc.integer({ min: 1, max: 32 }).map((n) => String(n).padStart(2, '0')),
  distrito: fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(2, '0')),
  seccion: fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, '0')),
  casillaType: fc.constantFrom('B' as const, 'C' as const, 'E' as const, 'S' as const),
  casillaNumber: fc.integer({ min: 1, max: 999 }),
});

/** Garbage in the shapes a reader produces: noise, binary, pipes, huge, one field swapped. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 14 }).map((f) => f.join('|')),
  fc.integer({ min: 65, max: 100_000 }).map((n) => 'P'.repeat(n)),
  fc
    .tuple(
      keyArb,
      fc.nat(8),
      fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.constantFrom('', ' ', '٣', '０', '\u0000', 'NaN', '-1', '1e3', '00'),
      ),
    )
    .map(([k, i, junk]) => {
      const f = formatActaKeyLabel(k).split('|');
      f[i] = junk;
      return f.join('|');
    }),
);

describe('acta key parser under hostile text', () => {
  it('never throws and answers ok or one known error key', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const r = parseActaKey(s);
        if (r.ok) {
          // Anything accepted is a real key: its label reads back to the same key.
          expect(parseActaKey(formatActaKeyLabel(r.key))).toEqual(r);
        } else {
          expect(KNOWN_ERRORS.has(r.error), r.error).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reads a valid label wrapped in the whitespace and line endings readers add', () => {
    fc.assert(
      fc.property(keyArb, fc.constantFrom('', ' ', '\r', '\n', '\r\n', '\t'), (k, pad) => {
        expect(parseActaKey(`${pad}${formatActaKeyLabel(k)}${pad}`)).toEqual({ ok: true, key: k });
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a valid label with any one character changed, never reads another acta', () => {
    fc.assert(
      fc.property(keyArb, fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (k, at, c) => {
        const label = formatActaKeyLabel(k);
        const i = at % label.length;
        fc.pre(label[i] !== c);
        const r = parseActaKey(label.slice(0, i) + c + label.slice(i + 1));
        // A changed character is either refused or (only for whitespace trimmed at the ends, or a
        // letter of the election name, which the check digit does not cover) the same key.
        if (r.ok) expect({ ...r.key, election: k.election }).toEqual(k);
      }),
      { numRuns: RUNS },
    );
  });
});
