// Recognises a page file by its bytes, not its name, and tells whether it is complete: a device
// that is still writing (hot folder) or a transfer cut short (eSCL) leaves a file whose end
// marker is missing, and such a file must never be fingerprinted as an acta image.
import type { PageFormat } from './types';
import { err, ok, type Result } from '../../platform/result';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Length(0) + "IEND" + CRC: the last 12 bytes of every complete PNG. */
const PNG_IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  return sig.every((v, i) => b[at + i] === v);
}

export function detectPageFormat(b: Uint8Array): PageFormat | undefined {
  if (startsWith(b, PNG_MAGIC)) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (b.length >= 2 && b[0] === 0x50 && b[1] !== undefined && b[1] >= 0x31 && b[1] <= 0x36) return 'pnm';
  return undefined;
}

/** The page's format, or why it is not a page: not an image format we know, or cut short. */
export type PageCheck = Result<PageFormat, 'unknown' | 'truncated'>;

/**
 * Format plus an end-of-file check where the format has one. TIFF and PNM have no end marker:
 * for them the caller's other evidence (size stable, exit status, Content-Length) decides.
 */
export function checkPage(b: Uint8Array): PageCheck {
  const format = detectPageFormat(b);
  if (!format) return err('unknown');
  switch (format) {
    case 'png':
      return startsWith(b, PNG_IEND, b.length - PNG_IEND.length) ? ok(format) : truncated();
    case 'jpeg':
      // EOI marker; some devices pad after it, so look in the last few bytes.
      return lastIndexOfPair(b, 0xff, 0xd9, 64) ? ok(format) : truncated();
    case 'pdf':
      return tailContains(b, '%%EOF', 1024) ? ok(format) : truncated();
    case 'tiff':
    case 'pnm':
      return ok(format);
  }
}

function truncated(): PageCheck {
  return err('truncated');
}

function lastIndexOfPair(b: Uint8Array, x: number, y: number, window: number): boolean {
  for (let i = b.length - 2; i >= Math.max(0, b.length - window); i--) {
    if (b[i] === x && b[i + 1] === y) return true;
  }
  return false;
}

function tailContains(b: Uint8Array, text: string, window: number): boolean {
  const tail = Buffer.from(b.subarray(Math.max(0, b.length - window))).toString('latin1');
  return tail.includes(text);
}
