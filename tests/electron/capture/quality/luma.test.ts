// A colour page is turned grey by the analysis workers (luma.ts), not by libvips: the grey must be
// the one the gate was tuned on (libvips' b-w), and the verdict the same as on that grey.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../../electron/capture/quality';
import { srgbToGrey } from '../../../../electron/capture/quality/luma';
import { encodePage, renderActaPage } from '../../../../sim/acta/page';

const gate = new QualityGate();
afterAll(() => gate.close());

describe('colour to grey in the analysis workers', () => {
  it('matches libvips b-w within one level on every 4th level of each channel, and greys exactly', async () => {
    const n = 64;
    const w = n * n;
    const rgb = Buffer.alloc(w * n * 3);
    for (let i = 0; i < w * n; i++) {
      rgb[i * 3] = (i >> 12) * 4;
      rgb[i * 3 + 1] = ((i >> 6) & 63) * 4;
      rgb[i * 3 + 2] = (i & 63) * 4;
    }
    const libvips = await sharp(rgb, { raw: { width: w, height: n, channels: 3 } })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    const ours = new Uint8Array(w * n);
    srgbToGrey(rgb, ours, w, 0, n);
    let exact = 0;
    let worst = 0;
    for (let i = 0; i < ours.length; i++) {
      const d = Math.abs(ours[i]! - libvips[i]!);
      if (d === 0) exact++;
      worst = Math.max(worst, d);
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(exact / ours.length).toBeGreaterThan(0.8);
    const grey = new Uint8Array(256 * 3).map((_, i) => Math.floor(i / 3));
    const out = new Uint8Array(256);
    srgbToGrey(grey, out, 256, 0, 1);
    expect([...out]).toEqual([...Array(256).keys()]);
  });

  it('gives the same grey whatever rows each call takes (odd splits, unaligned starts)', async () => {
    const width = 37;
    const height = 11;
    const rgb = new Uint8Array(width * height * 3).map((_, i) => (i * 97 + (i >> 5)) & 255);
    const whole = new Uint8Array(width * height);
    srgbToGrey(rgb, whole, width, 0, height);
    const parts = new Uint8Array(width * height);
    for (const [a, b] of [
      [0, 1],
      [1, 6],
      [6, 7],
      [7, 11],
    ] as const)
      srgbToGrey(rgb, parts, width, a, b);
    expect(parts).toEqual(whole);
  });

  it(
    'judges a colour scan as it judges the same scan turned grey by libvips',
    { timeout: 60_000 },
    async () => {
      const { page } = await renderActaPage({ seed: 11, colour: 'colour' });
      for (const format of ['png', 'jpeg'] as const) {
        const colour = await encodePage(page, format);
        const grey = await sharp(colour).toColourspace('b-w').png().toBuffer();
        expect((await sharp(colour).metadata()).channels).toBe(3);
        const [a, b] = await Promise.all([gate.inspect(colour), gate.inspect(grey)]);
        if (!a.ok || !b.ok) throw new Error('not judged');
        expect(a.value.verdict.suitable).toBe(true);
        expect(a.value.verdict.suitable).toBe(b.value.verdict.suitable);
        expect(a.value.identification.ok && b.value.identification.ok).toBe(true);
        for (const k of ['paperLevel', 'inkLevel', 'contrast'] as const)
          expect(Math.abs(a.value.measurements[k] - b.value.measurements[k]), k).toBeLessThanOrEqual(1);
        expect(a.value.measurements.skewDegrees).toBe(b.value.measurements.skewDegrees);
      }
    },
  );

  it(
    'turns a colour scan larger than a page grey in libvips, as before (a third of the memory)',
    { timeout: 60_000 },
    async () => {
      const { page } = await renderActaPage({ seed: 12, colour: 'colour' });
      // 4080×5280: a letter sheet at 480 dpi, 21.5 million pixels.
      const colour = await sharp(await encodePage(page, 'png'))
        .resize(4080, 5280)
        .png({ compressionLevel: 1 })
        .toBuffer();
      const grey = await sharp(colour).toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer();
      const [a, b] = await Promise.all([gate.inspect(colour), gate.inspect(grey)]);
      if (!a.ok || !b.ok) throw new Error('not judged');
      expect(a.value.measurements).toEqual(b.value.measurements);
    },
  );
});
