// Each hostile file an operator's scanner, share or USB drive could hand the gate, with the reason
// code (and so the message) the operator would see. Awkward but honest encodings of a good page
// (16-bit, CMYK, alpha, odd EXIF orientation) are judged like the page itself.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate, type Inspection, type InspectionError } from '../../../../electron/capture/quality';
import { esMXQuality, enQuality } from '../../../../shared/messages/quality';
import {
  actaSamples,
  jpegWithDeclaredSize,
  pngZeroBomb,
  pseudoRandomBytes,
  tiffWithDeclaredSize,
} from './hostile-files';

const gate = new QualityGate({ workers: 1 });
afterAll(() => gate.close());

async function refused(bytes: Buffer): Promise<InspectionError> {
  const r = await gate.inspect(bytes);
  if (r.ok) throw new Error(`expected a refusal, got a verdict: ${JSON.stringify(r.value.verdict)}`);
  // Every code the operator can get has a text in both languages.
  const key = r.error.code as keyof typeof esMXQuality.quality.error;
  expect(r.error.messageKey).toBe(`quality.error.${r.error.code}`);
  expect(esMXQuality.quality.error[key]).toMatch(/ — /);
  expect(enQuality.quality.error[key]).toBeTruthy();
  return r.error;
}

async function judged(bytes: Buffer): Promise<Inspection> {
  const r = await gate.inspect(bytes);
  if (!r.ok) throw new Error(`expected a verdict, got ${r.error.code}: ${r.error.detail}`);
  return r.value;
}

describe('decompression bombs are refused from the header', () => {
  it('a 50000×50000 PNG of zeros (300 KB on disk, 2.5 GB decoded) is "tooManyPixels", fast', async () => {
    const bomb = pngZeroBomb(50_000);
    expect(bomb.length).toBeLessThan(400_000);
    const t0 = performance.now();
    expect((await refused(bomb)).code).toBe('tooManyPixels');
    const ms = performance.now() - t0;
    console.log(`PNG bomb 50000×50000 (${bomb.length} bytes) refused in ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2_000);
  });

  it('a real JPEG rewritten to claim 65000×65000 is "tooManyPixels"', async () => {
    const { jpeg } = await actaSamples();
    expect((await refused(jpegWithDeclaredSize(jpeg, 65_000, 65_000))).code).toBe('tooManyPixels');
  });

  it('a real TIFF rewritten to claim 65000×65000 is "tooManyPixels"', async () => {
    const small = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
      .tiff({ compression: 'none' })
      .toBuffer();
    expect((await refused(tiffWithDeclaredSize(small, 65_000, 65_000))).code).toBe('tooManyPixels');
  });

  it('a thin strip whose pixel count is over the limit is refused too (not just square bombs)', async () => {
    const { jpeg } = await actaSamples();
    expect((await refused(jpegWithDeclaredSize(jpeg, 65_000, 1_000))).code).toBe('tooManyPixels');
  });
});

describe('files cut short or damaged say "truncated" (rescan)', () => {
  it.each(['png', 'jpeg', 'tiff'] as const)('a %s cut at several points', async (format) => {
    const bytes = (await actaSamples())[format];
    // Cut inside the signature itself the file no longer says what it is: that is notImage.
    for (const at of [12, 40, 200, Math.floor(bytes.length / 3), bytes.length - 20]) {
      const code = (await refused(bytes.subarray(0, at))).code;
      expect(code, `${format} cut at ${at}`).toBe('truncated');
    }
  });

  it('a PNG whose image data is cut out but whose end marker is kept (passes the hot folder check)', async () => {
    const { png } = await actaSamples();
    const spliced = Buffer.concat([
      png.subarray(0, Math.floor(png.length / 2)),
      png.subarray(png.length - 12),
    ]);
    expect((await refused(spliced)).code).toBe('truncated');
  });
});

describe('files that are not a page image', () => {
  it('a zero-byte file is "empty"', async () => {
    expect((await refused(Buffer.alloc(0))).code).toBe('empty');
  });

  it('a PDF is "unsupported" (the scanner saves the wrong kind of file)', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <</Type/Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
    expect((await refused(pdf)).code).toBe('unsupported');
  });

  it('an HTML error page saved as .png is "notImage"', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>\n');
    expect((await refused(html)).code).toBe('notImage');
  });

  it('random bytes are "notImage"', async () => {
    for (const seed of [1, 2, 3])
      expect((await refused(pseudoRandomBytes(20_000, seed))).code).toBe('notImage');
  });

  it('an SVG, a GIF and a HEIF are "unsupported", and never reach their decoders', async () => {
    const svg = Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="99999" height="99999"/>',
    );
    const gif = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#888' } })
      .gif()
      .toBuffer();
    const heif = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
      .avif()
      .toBuffer();
    for (const b of [svg, gif, heif]) expect((await refused(b)).code).toBe('unsupported');
  });
});

describe('several pages in one file', () => {
  it('a multi-page TIFF is "multiPage", not its first page judged and the others dropped', async () => {
    const { png } = await actaSamples();
    const twoPages = await sharp([png, png], { join: { animated: true } })
      .tiff()
      .toBuffer();
    expect((await sharp(twoPages).metadata()).pages).toBe(2);
    expect((await refused(twoPages)).code).toBe('multiPage');
  });

  it('an animated WebP is "multiPage"', async () => {
    const frame = (background: string) =>
      sharp({ create: { width: 300, height: 300, channels: 3, background } })
        .png()
        .toBuffer();
    const gif = await sharp([await frame('#ccc'), await frame('#333')], { join: { animated: true } })
      .gif()
      .toBuffer();
    const anim = await sharp(gif, { pages: -1 }).webp().toBuffer();
    expect((await sharp(anim).metadata()).pages).toBe(2);
    expect((await refused(anim)).code).toBe('multiPage');
  });
});

describe('awkward but honest encodings of a good page are judged like the page', () => {
  it('16-bit grey PNG, CMYK JPEG, opaque alpha, absurd EXIF orientation', async () => {
    const { png } = await actaSamples();
    const base = () => sharp(png).withDensity(300);
    const variants: Record<string, Buffer> = {
      grey16: await base().toColourspace('grey16').png().toBuffer(),
      cmykJpeg: await base().toColourspace('cmyk').jpeg({ quality: 92 }).toBuffer(),
      alpha: await base().ensureAlpha(1).png().toBuffer(),
      exif8: await base()
        .jpeg({ quality: 92 })
        .withExif({ IFD0: { Orientation: '8' } })
        .toBuffer(),
      exif999: await base()
        .jpeg({ quality: 92 })
        .withExif({ IFD0: { Orientation: '999' } })
        .toBuffer(),
    };
    expect((await sharp(variants.cmykJpeg!).metadata()).space).toBe('cmyk');
    expect((await sharp(variants.grey16!).metadata()).depth).toBe('ushort');
    for (const [name, bytes] of Object.entries(variants)) {
      const r = await judged(bytes);
      expect(
        r.verdict.reasons.filter((x) => x.severity === 'reject'),
        name,
      ).toEqual([]);
      expect(r.identification.ok, name).toBe(true);
    }
  });

  it('a page half transparent is judged on white, as printed (washed out), not as black', async () => {
    const { png } = await actaSamples();
    const faded = await sharp(png).withDensity(300).ensureAlpha(0.3).png().toBuffer();
    const r = await judged(faded);
    expect(r.verdict.suitable).toBe(false);
    expect(r.verdict.reasons.map((x) => x.code)).toContain('overexposed');
  });
});
