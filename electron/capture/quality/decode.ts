// Reading the file: header facts first (cheap, and where a decompression bomb is refused), then
// one decode to 8-bit grey, or to 8-bit sRGB that the analysis workers turn grey. sharp decodes
// on libuv threads, so the event loop is not held.
import os from 'node:os';
import sharp, { type Metadata } from 'sharp';
import { estimateJpegQuality } from './jpeg-quality';
import { srgbToGrey } from './luma';
import type { QualityThresholds } from './thresholds';
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

export interface GreyPage {
  facts: FileFacts;
  gray: Uint8Array;
  width: number;
  height: number;
}

/**
 * A decoded page as the analysis workers take it: one grey channel, or 8-bit sRGB (three
 * channels, packed) that the workers turn to grey themselves (luma.ts), half the rows each.
 */
export interface DecodedPage {
  facts: FileFacts;
  pixels: Uint8Array;
  channels: 1 | 3;
  width: number;
  height: number;
}

/**
 * Pages up to this size (a 300-dpi legal sheet is 10.7 million pixels) are decoded as colour and
 * turned grey in the workers. Colour holds three times the memory of grey, twice over while it is
 * copied to the workers: a larger scan (600 dpi, say) is turned grey by libvips, slower but in a
 * third of the memory.
 */
const COLOUR_IN_WORKERS_MAX_PIXELS = 12_000_000;

/** An 8-bit sRGB file (with or without alpha) of a page's size is turned grey in the workers. */
function colourInWorkers(meta: Metadata): boolean {
  return (
    meta.space === 'srgb' &&
    meta.depth === 'uchar' &&
    (meta.channels === 3 || meta.channels === 4) &&
    meta.width! * meta.height! <= COLOUR_IN_WORKERS_MAX_PIXELS
  );
}

export async function decodePage(bytes: Uint8Array, t: QualityThresholds): Promise<DecodedPage> {
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
  const channels = colourInWorkers(meta) ? 3 : 1;
  try {
    // A transparent page is judged on white, as it would print.
    const flat = sharp(bytes, options).flatten({ background: '#ffffff' });
    const { data, info } = await (channels === 3 ? flat.toColourspace('srgb') : flat.toColourspace('b-w'))
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== channels) throw new Error(`expected ${channels} channels, got ${info.channels}`);
    return {
      facts: {
        format: meta.format,
        width: info.width,
        height: info.height,
        density: meta.density ?? null,
        jpegQuality: meta.format === 'jpeg' ? estimateJpegQuality(bytes) : null,
        lossless: LOSSLESS.has(meta.format),
      },
      pixels: data,
      channels,
      width: info.width,
      height: info.height,
    };
  } catch (err) {
    if (err instanceof ImageInputError) throw err;
    throw classify(err);
  }
}

/** The page as one grey channel, in this thread (tools and benches; the gate uses the workers). */
export async function decodeGrey(bytes: Uint8Array, t: QualityThresholds): Promise<GreyPage> {
  const page = await decodePage(bytes, t);
  let gray = page.pixels;
  if (page.channels === 3) {
    gray = new Uint8Array(page.width * page.height);
    srgbToGrey(page.pixels, gray, page.width, 0, page.height);
  }
  return { facts: page.facts, gray, width: page.width, height: page.height };
}
