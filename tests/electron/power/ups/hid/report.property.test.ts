// Hostile feature reports at the HID UPS decoder (decode.test.ts has the recorded units and the
// bit-level round trip): any bytes under any preset layout give a typed error or finite fields.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HID_LAYOUT_PRESETS,
  HID_LAYOUT_PRESET_NAMES,
  HID_MAX_REPORT_BYTES,
  decodeHidReports,
  interpretHidFields,
  reportLengths,
} from '../../../../../electron/power/ups/hid/report';

const RUNS = 2_000;
const CODES = new Set(['missing_report', 'short_report', 'wrong_report_id']);

describe('HID UPS decoding under hostile reports', () => {
  it('any bytes: typed error or finite fields and values, never a throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HID_LAYOUT_PRESET_NAMES),
        fc.array(fc.tuple(fc.nat(255), fc.uint8Array({ maxLength: HID_MAX_REPORT_BYTES })), { maxLength: 8 }),
        fc.boolean(),
        (preset, list, idFirst) => {
          const layout = [...HID_LAYOUT_PRESETS[preset]];
          // Half the time the first byte is the report id (what hidraw returns), half garbage.
          const reports = new Map(
            list.map(([id, b]) => [id, idFirst && b.length ? Uint8Array.from([id, ...b.subarray(1)]) : b]),
          );
          const d = decodeHidReports(layout, reports);
          if (!d.ok) return void expect(CODES.has(d.error.code)).toBe(true);
          for (const v of Object.values(d.value)) expect(Number.isFinite(v)).toBe(true);
          const { values } = interpretHidFields(d.value);
          for (const v of Object.values(values)) expect(Number.isFinite(v)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('reports of the right ids and lengths with random payloads always decode', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HID_LAYOUT_PRESET_NAMES),
        fc.infiniteStream(fc.nat(255)),
        (preset, bytes) => {
          const layout = [...HID_LAYOUT_PRESETS[preset]];
          const it = bytes[Symbol.iterator]();
          const reports = new Map(
            [...reportLengths(layout)].map(([id, n]) => [
              id,
              Uint8Array.from([id, ...Array.from({ length: n - 1 }, () => it.next().value as number)]),
            ]),
          );
          expect(decodeHidReports(layout, reports).ok).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
