// The layout image (page-layout.ts): a 300-dpi page averaged over 4×4 blocks. Its fast path reads
// four pixels at a time; every block must still be the truncated mean of its 16 pixels, on any width
// (rows not a whole number of words) and on pixels that do not start on a word boundary (a slice of
// sharp's output buffer), with extreme levels (all 255: the largest lane sums).
import { describe, expect, it } from 'vitest';
import { downscale } from '../../../../electron/capture/quality/page-layout';

function blockMeans(g: Uint8Array, w: number, h: number): number[] {
  const out: number[] = [];
  for (let sy = 0; sy < Math.floor(h / 4); sy++)
    for (let sx = 0; sx < Math.floor(w / 4); sx++) {
      let sum = 0;
      for (let dy = 0; dy < 4; dy++)
        for (let dx = 0; dx < 4; dx++) sum += g[(sy * 4 + dy) * w + sx * 4 + dx]!;
      out.push(Math.floor(sum / 16));
    }
  return out;
}

describe('downscale by 4', () => {
  it.each([
    [37, 23, 1],
    [40, 20, 0],
    [2551, 9, 3],
  ])('%i×%i pixels at byte offset %i: each block is the mean of its 16 pixels', (w, h, offset) => {
    let seed = w * 31 + h;
    const backing = new Uint8Array(w * h + offset);
    const g = backing.subarray(offset);
    for (let i = 0; i < g.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      // A third of the pixels saturated: the largest sums a lane can carry.
      g[i] = i % 3 === 0 ? 255 : seed >>> 24;
    }
    const out = downscale(g, w, h, 4);
    expect([out.w, out.h]).toEqual([Math.floor(w / 4), Math.floor(h / 4)]);
    expect(Array.from(out.data)).toEqual(blockMeans(g, w, h));
    g.fill(255);
    expect(Array.from(downscale(g, w, h, 4).data).every((v) => v === 255)).toBe(true);
  });
});
