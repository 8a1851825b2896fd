import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  actaKeyId,
  displayActaKey,
  formatActaKeyLabel,
  luhnCheckDigit,
  parseActaKey,
  type ActaKey,
} from '../../shared/acta-key';

describe('acta key from the QR label', () => {
  it('reads the example label of DESIGN.md', () => {
    const r = parseActaKey('PREP|2024|PRES|09|05|1234|B|1|8');
    expect(r).toEqual({
      ok: true,
      key: {
        year: 2024,
        election: 'PRES',
        entidad: '09',
        distrito: '05',
        seccion: '1234',
        casillaType: 'B',
        casillaNumber: 1,
      },
    });
    if (r.ok) {
      expect(displayActaKey(r.key)).toBe('PRES · 09-05 · 1234 B1');
      expect(actaKeyId(r.key)).toBe('2024-PRES-09-05-1234-B1');
    }
  });

  it('uses the standard Luhn digit', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook example
    expect(luhnCheckDigit('2024090512341')).toBe(8);
  });

  it.each([
    ['', 'actaKey.error.empty'],
    ['PREP|2024|PRES|09|05|1234|B|1', 'actaKey.error.fields'],
    ['XREP|2024|PRES|09|05|1234|B|1|8', 'actaKey.error.program'],
    ['PREP|24|PRES|09|05|1234|B|1|8', 'actaKey.error.year'],
    ['PREP|2024|pres|09|05|1234|B|1|8', 'actaKey.error.election'],
    ['PREP|2024|PRES|33|05|1234|B|1|8', 'actaKey.error.entidad'],
    ['PREP|2024|PRES|09|5|1234|B|1|8', 'actaKey.error.distrito'],
    ['PREP|2024|PRES|09|05|123|B|1|8', 'actaKey.error.seccion'],
    ['PREP|2024|PRES|09|05|1234|X|1|8', 'actaKey.error.casillaType'],
    ['PREP|2024|PRES|09|05|1234|B|0|8', 'actaKey.error.casillaNumber'],
    ['PREP|2024|PRES|09|05|1234|B|1|7', 'actaKey.error.checkDigit'],
    ['PREP|2024|PRES|09|05|1243|B|1|8', 'actaKey.error.checkDigit'], // transposed digits
  ])('refuses %j with %s', (text, error) => {
    expect(parseActaKey(text)).toEqual({ ok: false, error });
  });

  it('catches every single-digit typo through the check digit', () => {
    const good = 'PREP|2024|PRES|09|05|1234|B|1|8';
    for (let i = 0; i < good.length; i++) {
      if (!/\d/.test(good[i]!)) continue;
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        const typo = good.slice(0, i) + d + good.slice(i + 1);
        expect(parseActaKey(typo).ok, typo).toBe(false);
      }
    }
  });

  const keyArb: fc.Arbitrary<ActaKey> = fc.record({
    year: fc.integer({ min: 2000, max: 2099 }),
    election: fc.constantFrom('PRES', 'SEN', 'DIP', 'GUB', 'AYU'),
    entidad: fc.integer({ min: 1, max: 32 }).map((n) => String(n).padStart(2, '0')),
    distrito: fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(2, '0')),
    seccion: fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    casillaType: fc.constantFrom('B' as const, 'C' as const, 'E' as const, 'S' as const),
    casillaNumber: fc.integer({ min: 1, max: 999 }),
  });

  it('round-trips every valid key through its label', () => {
    fc.assert(
      fc.property(keyArb, (k) => {
        expect(parseActaKey(formatActaKeyLabel(k))).toEqual({ ok: true, key: k });
      }),
    );
  });

  it('never throws on arbitrary text and always answers a typed result', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseActaKey(s);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
