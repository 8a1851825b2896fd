// Hostile bytes at the serial code reader's line assembler: whatever arrives (wrong baud noise,
// binary, a line that never ends) in whatever chunks, scans are bounded and flagged, the buffer
// stays bounded, and how the bytes were chunked never changes what is read.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINE_ENDINGS, LineAssembler } from '../../../../electron/capture/readers/line-assembler';
import { MAX_SCAN_CHARS, type RawScan } from '../../../../electron/capture/readers/reader';

const RUNS = 1_000;
const PROBLEMS = new Set([null, 'tooLong', 'garbled', 'incomplete']);

function feed(ending: (typeof LINE_ENDINGS)[number], bytes: Uint8Array, cuts: number[]): RawScan[] {
  const a = new LineAssembler(ending);
  const out: RawScan[] = [];
  let at = 0;
  for (const c of [...cuts.map((n) => n % (bytes.length + 1)).sort((x, y) => x - y), bytes.length]) {
    out.push(...a.push(bytes.subarray(at, Math.max(at, c))));
    at = Math.max(at, c);
    expect(a.pendingBytes).toBeLessThanOrEqual(MAX_SCAN_CHARS * 4);
  }
  const tail = a.flushIfIdle(10_000, 100);
  if (tail) out.push(tail);
  return out;
}

const noise = fc.oneof(
  fc.uint8Array({ maxLength: 3_000 }),
  fc
    .array(fc.constantFrom(0x0d, 0x0a, 0x02, 0x03, 0x00, 0xff, 0x7c, 0x41), { maxLength: 500 })
    .map((a) => Uint8Array.from(a)),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => new Uint8Array(n).fill(0x39)),
);

describe('serial line assembler under hostile bytes', () => {
  it('scans are bounded and typed, chunking never changes them', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LINE_ENDINGS),
        noise,
        fc.array(fc.nat(), { maxLength: 20 }),
        (ending, bytes, cuts) => {
          const scans = feed(ending, bytes, cuts);
          for (const s of scans) {
            expect(s.text.length).toBeLessThanOrEqual(MAX_SCAN_CHARS * 4);
            expect(PROBLEMS.has(s.problem)).toBe(true);
            // eslint-disable-next-line no-control-regex
            if (s.problem === null) expect(s.text).not.toMatch(/[\u0000-\u001f\u007f\ufffd]/);
          }
          expect(feed(ending, bytes, [])).toEqual(scans);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('printable lines come back exactly, whatever the chunks', () => {
    const line = fc.stringMatching(/^[ -~]{1,80}$/);
    const ends = { cr: '\r', lf: '\n', crlf: '\r\n', any: '\r\n' } as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...LINE_ENDINGS),
        fc.array(line, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (ending, lines, cuts) => {
          const bytes = new TextEncoder().encode(lines.map((l) => l + ends[ending]).join(''));
          // 'any' reads CR LF as two ends: the empty scan between them is dropped by the reader.
          const read = feed(ending, bytes, cuts).filter((x) => x.text !== '' || x.problem !== null);
          expect(read).toEqual(lines.map((text) => ({ text, problem: null })));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
