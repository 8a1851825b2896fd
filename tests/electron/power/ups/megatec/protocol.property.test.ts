// Hostile bytes at the Megatec/Q1 parsers: a serial line with noise, a clone's odd widths, a
// cable in the wrong port. Every reply is a typed error or a reading with finite numbers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  interpretQ1,
  parseIdentity,
  parseQ1,
  parseRatings,
} from '../../../../../electron/power/ups/megatec/protocol';

const CODES = new Set(['truncated', 'bad_framing', 'field_count', 'not_numeric', 'bad_status_bits']);
const RUNS = 3_000;

const numberText = fc.oneof(
  fc.double({ min: -999, max: 999, noNaN: true }).map((n) => n.toFixed(1)),
  fc.constantFrom('---.-', 'NaN', 'Infinity', '1e3', '0x10', '', '9'.repeat(400), '+1', '-0.0'),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const bitsText = fc.oneof(fc.stringMatching(/^[01]{8}$/), fc.string({ unit: 'binary', maxLength: 10 }));
/** Replies shaped like Q1/F lines with hostile fields, framing and separators. */
const replyLike = fc
  .tuple(
    fc.constantFrom('(', '#', '', '((', '\u0000'),
    fc.array(numberText, { maxLength: 10 }),
    bitsText,
    fc.constantFrom(' ', '  ', '\t', '\u00a0'),
    fc.constantFrom('\r', '', '\n', '\r\n', '\r\r'),
  )
  .map(([start, nums, bits, sep, end]) => `${start}${[...nums, bits].join(sep)}${end}`);
const anyReply = fc.oneof(
  replyLike,
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s + '\r'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => `(${'2'.repeat(n)}\r`),
);

function finiteNumbers(v: object): void {
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'number') expect(Number.isFinite(x), `${k}=${x}`).toBe(true);
    else if (x && typeof x === 'object') finiteNumbers(x);
  }
}

describe('Megatec parsers under hostile replies', () => {
  it('Q1: typed error or a reading with finite numbers, never a throw', () => {
    fc.assert(
      fc.property(anyReply, (raw) => {
        const r = parseQ1(raw);
        if (!r.ok) return void expect(CODES.has(r.error.code)).toBe(true);
        finiteNumbers(r.value);
        finiteNumbers(
          interpretQ1(r.value, { voltage: 230, current: 4, batteryVoltage: 24, frequencyHz: 50 }),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a field too long for a number (it would read as Infinity)', () => {
    const r = parseQ1(`(${'9'.repeat(400)} 140.0 208.4 034 59.9 2.05 35.0 00110000\r`);
    expect(r.ok ? r.value : r.error.code).toBe('not_numeric');
  });

  it('F and I: typed error or a value, never a throw', () => {
    fc.assert(
      fc.property(anyReply, (raw) => {
        const f = parseRatings(raw);
        if (f.ok) finiteNumbers(f.value);
        else expect(CODES.has(f.error.code)).toBe(true);
        const i = parseIdentity(raw);
        if (!i.ok) expect(CODES.has(i.error.code)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a generated valid Q1 line reads back its values and bits', () => {
    const reading = fc.record({
      input: fc.integer({ min: 0, max: 3000 }),
      fault: fc.integer({ min: 0, max: 3000 }),
      output: fc.integer({ min: 0, max: 3000 }),
      load: fc.integer({ min: 0, max: 150 }),
      freq: fc.integer({ min: 400, max: 700 }),
      batt: fc.integer({ min: 0, max: 600 }),
      temp: fc.integer({ min: -200, max: 800 }),
      bits: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    });
    fc.assert(
      fc.property(reading, (x) => {
        const d = (n: number, w: number) => (n / 10).toFixed(1).padStart(w, '0');
        const line =
          `(${d(x.input, 5)} ${d(x.fault, 5)} ${d(x.output, 5)} ${String(x.load).padStart(3, '0')} ` +
          `${d(x.freq, 4)} ${(x.batt / 100).toFixed(2)} ${d(x.temp, 4)} ${x.bits.map(Number).join('')}\r`;
        const r = parseQ1(line);
        expect(r.ok, line).toBe(true);
        if (!r.ok) return;
        expect(r.value.inputVoltage).toBeCloseTo(x.input / 10, 5);
        expect(r.value.inputFaultVoltage).toBeCloseTo(x.fault / 10, 5);
        expect(r.value.outputVoltage).toBeCloseTo(x.output / 10, 5);
        expect(r.value.loadPercent).toBe(x.load);
        expect(r.value.frequencyHz).toBeCloseTo(x.freq / 10, 5);
        expect(r.value.batteryVoltage).toBeCloseTo(x.batt / 100, 5);
        expect(r.value.temperatureC).toBeCloseTo(x.temp / 10, 5);
        expect(Object.values(r.value.bits)).toEqual(x.bits);
      }),
      { numRuns: RUNS },
    );
  });
});
