// Property: whatever bytes reach the gate (noise, or a real acta page cut short, with bytes
// flipped, with another file's header spliced in), it answers with a verdict or a typed refusal,
// within a time bound, and never throws. A page it judges must really decode.
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { QUALITY_ERROR_CODES, QualityGate } from '../../../../electron/capture/quality';
import { actaSamples, pngZeroBomb } from './hostile-files';

const gate = new QualityGate({ workers: 2 });
afterAll(() => gate.close());

/** One inspection of a mutated 300-dpi page is ≈ 0.3 s; ten times that on a loaded 2-core box. */
const PER_FILE_BOUND_MS = 8_000;
const KNOWN = new Set<string>(QUALITY_ERROR_CODES);

async function holds(bytes: Uint8Array): Promise<void> {
  const t0 = performance.now();
  const r = await gate.inspect(bytes); // a rejection here fails the property
  const ms = performance.now() - t0;
  expect(ms).toBeLessThan(PER_FILE_BOUND_MS);
  if (!r.ok) {
    // 'internal' is for workers that die, never for what a file holds.
    expect(KNOWN.has(r.error.code), `${r.error.code}: ${r.error.detail}`).toBe(true);
    return;
  }
  // Judged: the file really decodes, to the size the verdict is about.
  const { info } = await sharp(bytes, { failOn: 'truncated' }).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([r.value.file.width, r.value.file.height]);
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; flips: Array<{ at: number; xor: number }> }
  | { kind: 'splice'; header: number; at: number }
  | { kind: 'zeroRun'; at: number; length: number };

const mutation = (length: number): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: length - 1 }) }),
    fc.record({
      kind: fc.constant('flip' as const),
      flips: fc.array(fc.record({ at: fc.nat({ max: length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }), {
        minLength: 1,
        maxLength: 8,
      }),
    }),
    fc.record({
      kind: fc.constant('splice' as const),
      header: fc.nat({ max: 3 }),
      at: fc.nat({ max: 4096 }),
    }),
    fc.record({
      kind: fc.constant('zeroRun' as const),
      at: fc.nat({ max: length - 1 }),
      length: fc.integer({ min: 1, max: 4096 }),
    }),
  );

function apply(original: Buffer, m: Mutation, headers: Buffer[]): Buffer {
  switch (m.kind) {
    case 'truncate':
      return original.subarray(0, m.at);
    case 'flip': {
      const b = Buffer.from(original);
      for (const f of m.flips) b[f.at] = b[f.at]! ^ f.xor;
      return b;
    }
    case 'splice': {
      // Another file's first bytes over this one's start: a header that promises something else.
      const h = headers[m.header]!;
      return Buffer.concat([
        h.subarray(0, Math.min(h.length, 64 + m.at)),
        original.subarray(Math.min(h.length, 64 + m.at)),
      ]);
    }
    case 'zeroRun': {
      const b = Buffer.from(original);
      b.fill(0, m.at, Math.min(b.length, m.at + m.length));
      return b;
    }
  }
}

describe('the gate on arbitrary and mutated files', () => {
  it('arbitrary byte buffers (and buffers behind a real signature) → a refusal with a known code', async () => {
    const signatures = [
      [],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0xff, 0xd8, 0xff],
      [0x49, 0x49, 0x2a, 0x00],
      [0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: signatures.length - 1 }),
        fc.uint8Array({ maxLength: 4096 }),
        (s, body) => holds(Buffer.concat([Buffer.from(signatures[s]!), body])),
      ),
      { numRuns: 300, seed: 8 },
    );
  });

  it.each(['png', 'jpeg', 'tiff'] as const)(
    'a real acta page as %s, cut, flipped, spliced, zeroed → a verdict or a known refusal',
    { timeout: 180_000 },
    async (format) => {
      const samples = await actaSamples();
      const original = samples[format];
      const headers = [samples.png, samples.jpeg, samples.tiff, pngZeroBomb(20_000)];
      await fc.assert(
        fc.asyncProperty(mutation(original.length), (m) => holds(apply(original, m, headers))),
        { numRuns: 25, seed: 8 },
      );
    },
  );
});
