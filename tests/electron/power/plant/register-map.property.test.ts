// Hostile register images at the plant decoder: whatever words a controller (or a corrupted
// frame modbus-serial let through) puts in the image, a value is finite or absent, never a throw,
// and a value encoded the way a GenComm controller does reads back exactly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DSE_GENCOMM_MAP,
  PLANT_VALUE_NAMES,
  decodeAlarms,
  decodeRegister,
  imageKey,
  type RegisterSpec,
} from '../../../../electron/power/plant/register-map';

const RUNS = 2_000;
const specArb: fc.Arbitrary<RegisterSpec> = fc.record({
  address: fc.integer({ min: 0, max: 65534 }),
  functionCode: fc.constantFrom(3 as const, 4 as const),
  words: fc.constantFrom(1 as const, 2 as const),
  signed: fc.boolean(),
  scale: fc.constantFrom(1, 0.1, 0.01, 10, 0.001),
  wordOrder: fc.constantFrom('high-first' as const, 'low-first' as const),
});
/** Anything a buggy transport might hand over as a "word". */
const hostileWord = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }),
  fc.integer(),
  fc.constantFrom(-1, 0x10000, 2 ** 53, -(2 ** 31), 0xffff, 0xfffe, 0x7fff),
);

describe('plant register decoding under hostile words', () => {
  it('every value of the GenComm map is finite or absent, alarms a subset of the map', () => {
    const addresses = [
      ...Object.values(DSE_GENCOMM_MAP.values).flatMap((s) =>
        s ? [[s.functionCode, s.address, s.words]] : [],
      ),
      ...DSE_GENCOMM_MAP.alarms.map((a) => [a.functionCode, a.address, 1]),
    ] as Array<[3 | 4, number, number]>;
    fc.assert(
      fc.property(
        fc.array(hostileWord, { minLength: addresses.length * 2, maxLength: addresses.length * 2 }),
        fc.boolean(),
        (words, sparse) => {
          const image = new Map<string, number>();
          addresses.forEach(([fc3, a, n], i) => {
            if (sparse && i % 3 === 0) return; // a block the controller refused
            for (let k = 0; k < n; k++) image.set(imageKey(fc3, a + k), words[(i * 2 + k) % words.length]!);
          });
          for (const name of PLANT_VALUE_NAMES) {
            const spec = DSE_GENCOMM_MAP.values[name];
            if (!spec) continue;
            const v = decodeRegister(image, spec, DSE_GENCOMM_MAP.genCommSentinels);
            if (v !== null) expect(Number.isFinite(v), `${name}=${v}`).toBe(true);
          }
          const alarms = decodeAlarms(image, DSE_GENCOMM_MAP.alarms);
          for (const a of alarms) expect(DSE_GENCOMM_MAP.alarms).toContain(a);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a value written as 16/32-bit, signed or not, in either word order reads back × scale', () => {
    fc.assert(
      fc.property(specArb, fc.nat(0xffffffff), (spec, seed) => {
        const bits = spec.words === 1 ? 16 : 32;
        const span = 2 ** bits;
        // Below the GenComm sentinels at the top of the range ("no reading").
        const unsignedMax = span - 1 - 8;
        const value = spec.signed ? (seed % (span / 2 - 8)) * (seed % 2 ? -1 : 1) : seed % unsignedMax;
        const raw = value < 0 ? value + span : value;
        const [hi, lo] = [Math.floor(raw / 0x10000), raw % 0x10000];
        const image = new Map<string, number>();
        if (spec.words === 1) image.set(imageKey(spec.functionCode, spec.address), raw);
        else {
          const [w0, w1] = spec.wordOrder === 'high-first' ? [hi, lo] : [lo, hi];
          image.set(imageKey(spec.functionCode, spec.address), w0);
          image.set(imageKey(spec.functionCode, spec.address + 1), w1);
        }
        const v = decodeRegister(image, spec, true);
        expect(v).not.toBeNull();
        expect(v!).toBeCloseTo(value * spec.scale, 5);
      }),
      { numRuns: RUNS },
    );
  });

  it('the top eight codes of a register are "no reading", not a number', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 7 }), (spec, k) => {
        const top =
          spec.words === 1 ? (spec.signed ? 0x7fff : 0xffff) : spec.signed ? 0x7fffffff : 0xffffffff;
        const raw = top - k;
        const image = new Map<string, number>();
        const [hi, lo] = [Math.floor(raw / 0x10000), raw % 0x10000];
        if (spec.words === 1) image.set(imageKey(spec.functionCode, spec.address), raw);
        else {
          const [w0, w1] = spec.wordOrder === 'high-first' ? [hi, lo] : [lo, hi];
          image.set(imageKey(spec.functionCode, spec.address), w0);
          image.set(imageKey(spec.functionCode, spec.address + 1), w1);
        }
        expect(decodeRegister(image, spec, true)).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});
