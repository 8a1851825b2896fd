// The gate turns an RGB page grey itself (grey.ts, in the analysis workers) instead of through
// sharp's colourspace step: a page must come out as grey as sharp made it, or its verdict moves.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY_THRESHOLDS } from '../../../../electron/capture/quality';
import { decodeGrey } from '../../../../electron/capture/quality/decode';
import { rgbToGrey } from '../../../../electron/capture/quality/grey';

const W = 256;
const H = 192;

/** Every grey level, then colours (saturated, pale, ink-like) and noisy near-greys. */
function page(): Uint8Array {
  const rgb = new Uint8Array(new SharedArrayBuffer(W * H * 3));
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  for (let i = 0; i < W * H; i++) {
    const kind = i < 256 ? 0 : i % 3;
    const g = kind === 0 ? i % 256 : rnd();
    const [r, gg, b] =
      kind === 1
        ? [rnd(), rnd(), rnd()]
        : kind === 2
          ? [g + (rnd() % 9) - 4, g, g + (rnd() % 9) - 4]
          : [g, g, g];
    rgb.set([Math.max(0, Math.min(255, r)), gg, Math.max(0, Math.min(255, b))], 3 * i);
  }
  return rgb;
}

async function sharpGrey(rgb: Uint8Array): Promise<Buffer> {
  return sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
}

function compare(ours: Uint8Array, theirs: Uint8Array, rgb: Uint8Array) {
  let greyOff = 0;
  let off = 0;
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i]! - theirs[i]!);
    if (d === 0) continue;
    off++;
    worst = Math.max(worst, d);
    if (rgb[3 * i] === rgb[3 * i + 1] && rgb[3 * i + 1] === rgb[3 * i + 2]) greyOff++;
  }
  return { greyOff, off, worst };
}

describe('rgbToGrey', () => {
  it("gives sharp's grey: exactly on grey pixels, within one level (and rarely) on colours", async () => {
    const rgb = page();
    const ours = new Uint8Array(W * H);
    // Two halves split off the 4-pixel grid, as two workers might get them.
    rgbToGrey(rgb, ours, 0, 12345);
    rgbToGrey(rgb, ours, 12345, W * H);
    const { greyOff, off, worst } = compare(ours, await sharpGrey(rgb), rgb);
    expect(greyOff).toBe(0);
    expect(worst).toBeLessThanOrEqual(1);
    expect(off / (W * H)).toBeLessThan(0.001);
  });

  it('reads a buffer that does not start on a 4-byte boundary the same way', async () => {
    const rgb = page();
    const shifted = new Uint8Array(new ArrayBuffer(rgb.length + 1), 1);
    shifted.set(rgb);
    const a = new Uint8Array(W * H);
    const b = new Uint8Array(W * H);
    rgbToGrey(rgb, a, 0, W * H);
    rgbToGrey(shifted, b, 0, W * H);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  it("decodes a grey scan saved as RGB and a colour scan to exactly sharp's grey", async () => {
    const rgb = page();
    const greyRgb = new Uint8Array(rgb.length);
    for (let i = 0; i < W * H; i++) greyRgb.fill(rgb[3 * i + 1]!, 3 * i, 3 * i + 3);
    for (const [what, px] of [
      ['grey', greyRgb],
      ['colour', rgb],
    ] as const) {
      const raw = { raw: { width: W, height: H, channels: 3 as const } };
      for (const bytes of [await sharp(px, raw).png().toBuffer(), await sharp(px, raw).jpeg().toBuffer()]) {
        const ours = await decodeGrey(bytes, DEFAULT_QUALITY_THRESHOLDS);
        const theirs = await sharp(bytes).toColourspace('b-w').raw().toBuffer();
        expect(Buffer.from(ours.gray).equals(theirs), what).toBe(true);
      }
    }
  });
});
