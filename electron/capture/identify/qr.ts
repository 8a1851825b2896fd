// QR decoding from a grey buffer with @zxing/library: the label region first (≈5 ms on a crop),
// the whole page only when the label is not where expected (≈56 ms at 300 dpi). Pure JS: it runs
// in the quality gate's analysis worker, never on the core's event loop.
import {
  BinaryBitmap,
  ChecksumException,
  DecodeHintType,
  FormatException,
  HybridBinarizer,
  NotFoundException,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type QrScan =
  | { found: true; text: string; where: 'label' | 'page' }
  /** "absent": no symbol seen; "damaged": a symbol was seen but would not decode. */
  | { found: false; why: 'absent' | 'damaged' };

const HINTS = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);

function tryDecode(
  gray: Uint8ClampedArray,
  w: number,
  h: number,
  r: Region,
): { text: string } | 'absent' | 'damaged' {
  const source = new RGBLuminanceSource(gray, r.width, r.height, w, h, r.left, r.top);
  try {
    const result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), HINTS);
    return { text: result.getText() };
  } catch (err) {
    if (err instanceof ChecksumException || err instanceof FormatException) return 'damaged';
    if (err instanceof NotFoundException) return 'absent';
    // zxing signals some malformed symbols with generic errors (index out of range, …).
    return 'damaged';
  }
}

/** Clamps a region given as fractions of the page to whole pixels inside it. */
export function regionInPixels(frac: Region, w: number, h: number): Region {
  const left = Math.max(0, Math.min(w - 1, Math.floor(frac.left * w)));
  const top = Math.max(0, Math.min(h - 1, Math.floor(frac.top * h)));
  return {
    left,
    top,
    width: Math.max(1, Math.min(w - left, Math.ceil(frac.width * w))),
    height: Math.max(1, Math.min(h - top, Math.ceil(frac.height * h))),
  };
}

export function scanQr(gray: Uint8Array, w: number, h: number, labelRegion: Region): QrScan {
  const view = new Uint8ClampedArray(gray.buffer, gray.byteOffset, gray.byteLength);
  const label = tryDecode(view, w, h, regionInPixels(labelRegion, w, h));
  if (typeof label === 'object') return { found: true, text: label.text, where: 'label' };
  const page = tryDecode(view, w, h, { left: 0, top: 0, width: w, height: h });
  if (typeof page === 'object') return { found: true, text: page.text, where: 'page' };
  return { found: false, why: label === 'damaged' || page === 'damaged' ? 'damaged' : 'absent' };
}
