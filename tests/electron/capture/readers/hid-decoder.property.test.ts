// Hostile input reports at the HID (keyboard-wedge) reader decoder: any report bytes, in any
// number, give bounded scans with a typed problem, and a label typed in any supported layout
// reads back exactly (interleaved with garbage reports that carry no new key).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HidScanDecoder, decodeHidReports } from '../../../../electron/capture/readers/hid-decoder';
import { KEYBOARD_LAYOUTS } from '../../../../electron/capture/readers/hid-layouts';
import { MAX_SCAN_CHARS } from '../../../../electron/capture/readers/reader';
import { typed } from './hid-reports';

const RUNS = 1_000;
const PROBLEMS = new Set([null, 'tooLong', 'garbled', 'incomplete']);

describe('HID reader decoder under hostile reports', () => {
  it('any reports: bounded scans with a typed problem, never a throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYBOARD_LAYOUTS),
        fc.constantFrom(0, 1),
        fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 400 }),
        (layout, reportIdBytes, reports) => {
          const d = new HidScanDecoder({ layout, reportIdBytes });
          for (const r of reports) {
            for (const s of d.push(r)) {
              expect(s.text.length).toBeLessThanOrEqual(MAX_SCAN_CHARS);
              expect(PROBLEMS.has(s.problem)).toBe(true);
            }
            expect(d.pending.length).toBeLessThanOrEqual(MAX_SCAN_CHARS);
          }
          const left = d.abandon();
          if (left) expect(left.problem).toBe('incomplete');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a label typed in any layout reads back exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYBOARD_LAYOUTS),
        fc.stringMatching(/^[0-9|ABCDEIPRS]{1,60}$/),
        fc.array(fc.nat(3), { maxLength: 5 }),
        (layout, text, times) => {
          // A reader that repeats the all-keys-up report does not type anything more.
          const reports = typed(text, layout).flatMap((r) =>
            r.every((b) => b === 0) ? Array(1 + (times[0] ?? 0)).fill(r) : [r],
          );
          expect(decodeHidReports(reports, { layout })).toEqual({
            scans: [{ text, problem: null }],
            pending: '',
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a scan longer than the limit is cut and flagged, not grown', () => {
    const d = decodeHidReports(typed('1|2'.repeat(MAX_SCAN_CHARS)), { layout: 'us' });
    expect(d.scans).toEqual([
      { text: '1|2'.repeat(MAX_SCAN_CHARS).slice(0, MAX_SCAN_CHARS), problem: 'tooLong' },
    ]);
  });
});
