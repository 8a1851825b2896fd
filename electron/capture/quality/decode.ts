// Reading the file: header facts first (cheap, and where a decompression bomb is refused), then
// one decode to 8-bit grey (in the gate's analysis worker: the decoded page is never copied on the
// core's event loop). sharp decodes on its own threads.
import os from 'node:os';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { estimateJpegQuality } from './jpeg-quality';
import type { QualityThresholds } from './thresholds';
import { rgbToGrey } from './grey';
import { sniffImage } from './sniff';
import { ImageInputError, type FileFacts } from './types';

// sharp defaults to one thread on this glibc build; all cores halve a 300-dpi page's time.
let threadsSet = false;
export function useAllCoresForSharp(): void {
  if (threadsSet) return;
  sharp.concurrency(os.availableParallelism());
  threadsSet = true;
}

const LOSSLESS = new Set(['png', 'tiff']);

/**
 * A file whose first bytes say it is one of the judged formats but that sharp cannot read is a
 * damaged page (cut short, bytes flipped): "rescan" is what helps. Only the pixel limit differs.
 */
function classify(err: unknown): ImageInputError {
  const msg = String((err as Error)?.message ?? err);
  if (/pixel limit/i.test(msg)) return new ImageInputError('tooManyPixels', msg);
  return new ImageInputError('truncated', msg);
}

/** What the header says, checked: the facts about the file, and how its pixels are to be read. */
export interface PageHeader {
  facts: FileFacts;
  /**
   * 8-bit grey or sRGB without alpha or colour profile (what scanners save): sharp's pixels may be
   * taken as they are, and RGB turned grey by rgbToGrey (see looksGrey). Anything else (alpha, 16
   * bits, CMYK, a profile) goes through sharp's own flatten and colourspace steps.
   */
  asIs: boolean;
}

export interface GreyPage {
  facts: FileFacts;
  gray: Uint8Array;
  width: number;
  height: number;
}

/** Header and pixels in the calling thread (benches, tools); the gate decodes in a worker. */
export async function decodeGrey(bytes: Uint8Array, t: QualityThresholds): Promise<GreyPage> {
  const header = await readHeader(bytes, t);
  const { width, height } = header.facts;
  const gray = new Uint8Array(width * height);
  await decodeInto(bytes, header.asIs, t.maxInputPixels, gray, width, height);
  return { facts: header.facts, gray, width, height };
}

export async function readHeader(bytes: Uint8Array, t: QualityThresholds): Promise<PageHeader> {
  useAllCoresForSharp();
  if (bytes.length === 0) throw new ImageInputError('empty');
  if (bytes.length > t.maxFileBytes) throw new ImageInputError('tooLarge', `${bytes.length} bytes`);
  const sniffed = sniffImage(bytes);
  if (!sniffed) throw new ImageInputError('notImage', 'no known signature');
  if (sniffed.kind === 'refused') throw new ImageInputError('unsupported', sniffed.format);
  // The pixel limit is sharp's own guard; the header check below states it again so that a bomb
  // is refused from metadata alone, before any decode buffer exists.
  const options = { limitInputPixels: t.maxInputPixels, failOn: 'truncated' as const };
  let meta: Metadata;
  try {
    meta = await sharp(bytes, options).metadata();
  } catch (err) {
    throw classify(err);
  }
  if (meta.format !== sniffed.format)
    throw new ImageInputError('truncated', `${sniffed.format}≠${meta.format}`);
  if (!meta.width || !meta.height) throw new ImageInputError('truncated', 'no dimensions');
  if (meta.width * meta.height > t.maxInputPixels)
    throw new ImageInputError('tooManyPixels', `${meta.width}×${meta.height}`);
  if ((meta.pages ?? 1) > 1) throw new ImageInputError('multiPage', `${meta.pages} pages`);
  const asIs =
    !meta.hasAlpha &&
    !meta.hasProfile &&
    meta.depth === 'uchar' &&
    (meta.channels === 1 || (meta.channels === 3 && meta.space === 'srgb'));
  return {
    facts: {
      format: meta.format,
      width: meta.width,
      height: meta.height,
      density: meta.density ?? null,
      jpegQuality: meta.format === 'jpeg' ? estimateJpegQuality(bytes) : null,
      lossless: LOSSLESS.has(meta.format),
    },
    asIs,
  };
}

/** Rows decoded to tell a grey scan from a colour one: the top margin, a couple of ms. */
const PROBE_ROWS = 16;

/**
 * Whether the page is a grey scan (every pixel R = G = B, or one channel), from its top rows: its
 * RGB is then turned grey by rgbToGrey for a fraction of what sharp's colourspace step costs. A
 * colour scan (tinted paper, coloured ink) goes through sharp's step, which is the cheaper one
 * there; should colour appear only further down, rgbToGrey handles it too, just more slowly.
 */
async function looksGrey(
  bytes: Uint8Array,
  options: SharpOptions,
  width: number,
  height: number,
): Promise<boolean> {
  const strip = await sharp(bytes, options)
    .extract({ left: 0, top: 0, width, height: Math.min(PROBE_ROWS, height) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (strip.info.channels === 1) return true;
  const px = strip.data;
  for (let i = 0; i + 2 < px.length; i += 3) if (px[i] !== px[i + 1] || px[i + 1] !== px[i + 2]) return false;
  return true;
}

/**
 * The pixels, as 8-bit grey into `gray` (width × height, the header's size). A file that fails
 * here (cut short, bytes flipped past the header) throws its ImageInputError.
 */
export async function decodeInto(
  bytes: Uint8Array,
  asIs: boolean,
  maxInputPixels: number,
  gray: Uint8Array,
  width: number,
  height: number,
): Promise<void> {
  useAllCoresForSharp();
  const options = { limitInputPixels: maxInputPixels, failOn: 'truncated' as const };
  try {
    const pipeline =
      asIs && (await looksGrey(bytes, options, width, height))
        ? sharp(bytes, options)
        : sharp(bytes, options).flatten({ background: '#ffffff' }).toColourspace('b-w');
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.width !== width || info.height !== height)
      throw new ImageInputError(
        'truncated',
        `decoded ${info.width}×${info.height}, header ${width}×${height}`,
      );
    if (info.channels === 1) gray.set(data);
    else if (info.channels === 3) rgbToGrey(data, gray, 0, width * height);
    else throw new Error(`expected 1 or 3 channels, got ${info.channels}`);
  } catch (err) {
    if (err instanceof ImageInputError) throw err;
    throw classify(err);
  }
}
