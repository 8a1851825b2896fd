// Scanner "personalities": what a particular scanner model and driver do to a page between the
// glass and the file. One generator's idea of a scan is a narrow target (a gate tuned on it learns
// its quirks), so the corpus scans every page through several of these: sensor noise and banding,
// gamma, the resampling kernel of any resize, a JPEG chain of one or two generations with its
// chroma subsampling, colour or grey, a little extra softness in the optics, the paper's tint.
import sharp, { type KernelEnum, type Sharp } from 'sharp';
import { applyDefect, type Defect } from './defects';
import { LETTER_DPI, rawSharp, type RawPage } from './page';
import { createRng } from './rng';
import { scanOnBed, type ScannerBedSpec } from './scanner-bed';

export type ResizeKernel = keyof KernelEnum;

export interface JpegGeneration {
  quality: number;
  /** '4:2:0' halves the colour resolution (most drivers); '4:4:4' keeps it. */
  chroma: '4:2:0' | '4:4:4';
}

export interface ScannerPersonality {
  name: string;
  output: 'grey' | 'colour';
  /** Extra Gaussian softness of the optics, px at 300 dpi (0 = none). */
  opticsBlur: number;
  /** Tone curve of the driver: out = 255·(in/255)^(1/gamma). */
  gamma: number;
  /** Per-channel gain of the paper's tint (recycled, cream, bluish). */
  tint: [number, number, number];
  /** Sensor noise, standard deviation in grey levels, added at the sensor's own resolution. */
  noise: number;
  /** Column banding of a contact-image sensor: per-column offset, ± grey levels. */
  banding: number;
  /** Kernel of any resize the driver does (a low-resolution scan brought to 300 dpi). */
  kernel: ResizeKernel;
  /** The driver's unsharp mask after any resize, sigma px (0 = none): it restores a fine grain. */
  sharpen: number;
  /** null: saved losslessly (PNG); else each JPEG generation in turn (scanner, then software). */
  jpeg: JpegGeneration[] | null;
  /**
   * What shows around the sheet: 'none' = the sheet fills the image; else the scanner's bed or
   * backing (sim/acta/scanner-bed.ts), its margins and the lean a fed sheet takes. Sheets whose
   * defect is geometric (cut off, folded, skewed) are not put on a bed: the bed generator's own
   * test (page-find) covers those on every bed.
   */
  bed: 'none' | Pick<ScannerBedSpec, 'bed' | 'marginsMm' | 'degrees' | 'shadow'>;
}

/**
 * Scanners that show what is behind the sheet: a sheet-fed scanner's black backing (the sheet
 * leans under 1°, the case the independent corpus caught), a cheap flatbed's grey lid with a
 * shadow at the paper's edge.
 */
const BEDS: Record<string, ScannerPersonality['bed']> = {
  'sheetfed-jpeg-colour': { bed: { level: 18, noise: 3 }, marginsMm: 3, degrees: -0.8 },
  'cheap-flatbed-colour': {
    bed: { rgb: [150, 150, 140], noise: 4 },
    marginsMm: { top: 6, bottom: 9, left: 5, right: 12 },
    degrees: 0.6,
    shadow: { darkness: 0.4, widthPx: 6 },
  },
};

/** Models drawn from what CATDs use: office MFDs, sheet-fed document scanners, cheap flatbeds. */
export const PERSONALITIES: ScannerPersonality[] = [
  {
    name: 'mfp-png-grey',
    sharpen: 0,
    output: 'grey',
    opticsBlur: 0,
    gamma: 1,
    tint: [1, 1, 1],
    noise: 2,
    banding: 0,
    kernel: 'lanczos3',
    jpeg: null,
  },
  {
    name: 'sheetfed-jpeg-colour',
    sharpen: 1,
    output: 'colour',
    opticsBlur: 0.3,
    gamma: 1.15,
    tint: [1, 0.985, 0.95],
    noise: 3,
    banding: 2,
    kernel: 'cubic',
    jpeg: [{ quality: 85, chroma: '4:2:0' }],
  },
  {
    name: 'flatbed-noisy-grey',
    sharpen: 0,
    output: 'grey',
    opticsBlur: 0.45,
    gamma: 0.9,
    tint: [1, 1, 1],
    noise: 5,
    banding: 3,
    kernel: 'linear',
    jpeg: [{ quality: 92, chroma: '4:4:4' }],
  },
  {
    name: 'mfp-resaved-colour',
    sharpen: 0,
    output: 'colour',
    opticsBlur: 0.35,
    gamma: 1.05,
    tint: [0.99, 1, 1],
    noise: 3,
    banding: 0,
    kernel: 'mitchell',
    jpeg: [
      { quality: 90, chroma: '4:2:0' },
      { quality: 75, chroma: '4:2:0' },
    ],
  },
  {
    name: 'cheap-flatbed-colour',
    sharpen: 0.8,
    output: 'colour',
    opticsBlur: 0.5,
    gamma: 1.25,
    tint: [1, 0.97, 0.9],
    noise: 6,
    banding: 4,
    kernel: 'nearest',
    jpeg: [{ quality: 70, chroma: '4:2:0' }],
  },
  {
    name: 'docscanner-png-colour',
    sharpen: 0.6,
    output: 'colour',
    opticsBlur: 0,
    gamma: 1,
    tint: [0.98, 0.99, 1],
    noise: 4,
    banding: 1,
    kernel: 'cubic',
    jpeg: null,
  },
].map((p) => ({ ...p, bed: BEDS[p.name] ?? 'none' }) as ScannerPersonality);

/** A scanned page as a file, and the format it was saved in. */
export interface PersonalityScan {
  bytes: Buffer;
  format: 'png' | 'jpeg';
}

async function toRaw(img: Sharp, channels: 1 | 3): Promise<RawPage> {
  const out = channels === 1 ? img.toColourspace('b-w') : img.toColourspace('srgb').removeAlpha();
  const { data, info } = await out.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 1 | 3 };
}

/** Sensor: tint, gamma, noise and column banding, at whatever resolution the sensor sampled. */
function sense(page: RawPage, p: ScannerPersonality, seed: number): RawPage {
  const rng = createRng(seed * 7919 + 17);
  const C = page.channels;
  const bands = new Float32Array(page.width);
  for (let x = 0; x < page.width; x++) bands[x] = p.banding ? (rng.next() * 2 - 1) * p.banding : 0;
  const lut = new Float32Array(256 * 3);
  for (let c = 0; c < 3; c++)
    for (let v = 0; v < 256; v++) lut[c * 256 + v] = 255 * Math.pow((v * p.tint[c]!) / 255, 1 / p.gamma);
  const data = Buffer.alloc(page.data.length);
  let s = (seed * 2654435761) >>> 0 || 1;
  // Triangular noise on ±amp has σ = amp/√6.
  const amp = p.noise * Math.sqrt(6);
  for (let i = 0, px = 0; i < data.length; px++) {
    const band = bands[px % page.width]!;
    for (let c = 0; c < C; c++, i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const n = (((s & 0xffff) + ((s >>> 16) & 0xffff)) / 65536 - 1) * amp;
      const v = lut[(C === 1 ? 0 : c) * 256 + page.data[i]!]! + band + n;
      data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { ...page, data };
}

/**
 * Scans `optical` (a page before the sensor) through personality `p`, with an optional defect:
 * defects of the sheet and the optics first, then the personality's optics, the sensor (at a low
 * resolution's own size, then resized up with the personality's kernel), grey or colour, and the
 * JPEG chain; a JPEG defect sets the last generation's quality.
 */
export async function scanAs(
  optical: RawPage,
  p: ScannerPersonality,
  defect: Defect | null,
  seed: number,
): Promise<PersonalityScan> {
  const C = p.output === 'grey' ? 1 : 3;
  let page = optical;
  let jpegDefect: number | undefined;
  if (defect && defect.kind !== 'lowResolution') {
    const r = await applyDefect(page, defect, seed);
    page = r.page;
    jpegDefect = r.jpegQuality;
  }
  const geometric = defect && ['cutOff', 'foldedCorner', 'skew'].includes(defect.kind);
  if (p.bed !== 'none' && !geometric) page = scanOnBed(page, { ...p.bed, seed });
  let img = rawSharp(page);
  if (p.opticsBlur >= 0.3) img = img.blur(p.opticsBlur);
  const W = page.width;
  const H = page.height;
  if (defect?.kind === 'lowResolution') {
    const kernel = defect.kernel ?? p.kernel;
    // The low-resolution sensor averages what the optics deliver over its bigger pixels.
    const small = sense(await toRaw(img.resize(Math.round((W * defect.dpi) / LETTER_DPI)), C), p, seed);
    page = await toRaw(rawSharp(small).resize(W, H, { fit: 'fill', kernel }), C);
  } else {
    page = sense(await toRaw(img, C), p, seed);
  }
  if (p.sharpen > 0) page = await toRaw(rawSharp(page).sharpen({ sigma: p.sharpen }), C);
  const chain = [...(p.jpeg ?? [])];
  if (jpegDefect !== undefined) {
    const last = chain.pop() ?? { quality: jpegDefect, chroma: '4:2:0' as const };
    chain.push({ ...last, quality: jpegDefect });
  }
  if (chain.length === 0) {
    const bytes = await rawSharp(page)
      .withDensity(LETTER_DPI)
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toBuffer();
    return { bytes, format: 'png' };
  }
  let bytes: Buffer = Buffer.alloc(0);
  for (const [i, g] of chain.entries()) {
    const src = i === 0 ? rawSharp(page) : C === 1 ? sharp(bytes).toColourspace('b-w') : sharp(bytes);
    bytes = await src
      .withDensity(LETTER_DPI)
      .jpeg({ quality: g.quality, chromaSubsampling: g.chroma, mozjpeg: false })
      .toBuffer();
  }
  return { bytes, format: 'jpeg' };
}
