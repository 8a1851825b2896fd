// Reading the file: header facts first (cheap, and where a decompression bomb is refused), then
// one decode to 8-bit grey. sharp decodes on libuv threads, so the event loop is not held.
import os from 'node:os';
import sharp, { type Metadata } from 'sharp';
import { estimateJpegQuality } from './jpeg-quality';
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

export async function decodeGrey(bytes: Uint8Array, t: QualityThresholds): Promise<GreyPage> {
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
  try {
    const { data, info } = await sharp(bytes, options)
      .flatten({ background: '#ffffff' })
      .toColourspace('b-w')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`expected 1 channel, got ${info.channels}`);
    return {
      facts: {
        format: meta.format,
        width: info.width,
        height: info.height,
        density: meta.density ?? null,
        jpegQuality: meta.format === 'jpeg' ? estimateJpegQuality(bytes) : null,
        lossless: LOSSLESS.has(meta.format),
      },
      gray: data,
      width: info.width,
      height: info.height,
    };
  } catch (err) {
    if (err instanceof ImageInputError) throw err;
    throw classify(err);
  }
}
