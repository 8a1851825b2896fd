// Files the gate cannot judge come back as typed errors, never as a crash or a hang.
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../../electron/capture/quality';
import { pngChunk } from './hostile-files';

const gate = new QualityGate({ workers: 1 });
afterAll(() => gate.close());

/** A valid PNG header claiming 100000×100000 pixels (10 gigapixels) with one tiny IDAT. */
function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1000))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

async function errorCode(bytes: Buffer): Promise<string> {
  const r = await gate.inspect(bytes);
  expect(r.ok).toBe(false);
  return r.ok ? 'ok' : r.error.code;
}

describe('quality gate on bad inputs', () => {
  it('names a zero-byte file "empty"', async () => {
    expect(await errorCode(Buffer.alloc(0))).toBe('empty');
  });

  it('names a text file "notImage"', async () => {
    expect(await errorCode(Buffer.from('esto no es una imagen\n'.repeat(50)))).toBe('notImage');
  });

  it('names a truncated PNG and a truncated JPEG "truncated"', async () => {
    const img = sharp({
      create: {
        width: 800,
        height: 600,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    });
    const png = await img.clone().png().toBuffer();
    const jpeg = await img.clone().jpeg().toBuffer();
    expect(await errorCode(png.subarray(0, Math.floor(png.length / 2)))).toBe('truncated');
    expect(await errorCode(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBe('truncated');
  });

  it('refuses a decompression bomb from its header, without decoding it', async () => {
    const t0 = performance.now();
    expect(await errorCode(pngBomb())).toBe('tooManyPixels');
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('names a GIF "unsupported"', async () => {
    const gif = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#888' } })
      .gif()
      .toBuffer();
    expect(await errorCode(gif)).toBe('unsupported');
  });

  it('keeps working after bad inputs: a small real image is judged (too low resolution)', async () => {
    const small = await sharp({ create: { width: 850, height: 1100, channels: 3, background: '#eee' } })
      .png()
      .toBuffer();
    const r = await gate.inspect(small);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.verdict.suitable).toBe(false);
  });
});
