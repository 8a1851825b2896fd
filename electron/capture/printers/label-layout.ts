// The acopio label laid out once, in printer dots of a 2×1 in (51×25 mm) label at 203 dpi; the
// ZPL, PDF and SVG renderers only translate this. The QR takes the left square with its quiet zone
// inside the label (the paper around a stuck-on label may not be white); the text takes the rest.
// Module size: 4 dots = 0.5 mm, ≈ 5.9 px in a 300-dpi scan, which zxing reads first time even
// through a little blur; a longer payload (a bigger QR version) drops to 3 dots (0.375 mm, 4.4 px).
import { readableQrSymbol } from './qr-symbol';
import { fitLine } from './text-fit';
import type { AcopioLabel } from '../../workflow/acopio-label';

export const LABEL_DPI = 203;
export const LABEL_WIDTH_DOTS = 406;
export const LABEL_HEIGHT_DOTS = 203;
/** Modules of white around the symbol, as the QR standard asks. */
export const QR_QUIET_MODULES = 4;
const QR_BOX_DOTS = 184;
const TEXT_LEFT = QR_BOX_DOTS + 6;
/** A thermal head does not print to the very edge of the label: text stops 0.75 mm short of it. */
const TEXT_RIGHT_MARGIN = 6;
export const TEXT_MAX_WIDTH = LABEL_WIDTH_DOTS - TEXT_LEFT - TEXT_RIGHT_MARGIN;

export interface LabelText {
  x: number;
  /** Top of the line. */
  y: number;
  /** Character height in dots. */
  height: number;
  text: string;
  /** Drawn white on black (the REIMPRESIÓN mark). */
  inverted?: boolean;
}

export interface LabelQr {
  /** Top-left of the symbol itself (the quiet zone lies around it, inside the label). */
  x: number;
  y: number;
  moduleDots: number;
  size: number;
  /** Row-major, 1 = dark. */
  modules: Uint8Array;
}

export interface LabelLayout {
  widthDots: number;
  heightDots: number;
  dpi: number;
  texts: LabelText[];
  qr: LabelQr;
}

export function layoutAcopioLabel(label: AcopioLabel): LabelLayout {
  const { size, modules } = readableQrSymbol(label.qrText);
  const moduleDots = Math.floor(QR_BOX_DOTS / (size + 2 * QR_QUIET_MODULES));
  if (moduleDots < 3) throw new Error(`QR payload too long for the label (${size} modules)`);
  const symbol = size * moduleDots;
  const qr: LabelQr = {
    x: Math.floor((QR_BOX_DOTS - symbol) / 2),
    y: Math.floor((LABEL_HEIGHT_DOTS - symbol) / 2),
    moduleDots,
    size,
    modules,
  };
  const [date, time] = splitStamp(label.acopioAt);
  const lines: Array<Omit<LabelText, 'x' | 'y'>> = [
    { height: 22, text: label.catd },
    { height: 18, text: `EST. ${label.station}` },
    { height: 18, text: `ACOPIO ${date}` },
    { height: 18, text: time },
    { height: 18, text: `NO. ${String(label.seq).padStart(6, '0')}` },
    { height: 20, text: label.keyWords },
    { height: 18, text: `COD. ${label.code.slice(0, 4)}-${label.code.slice(4)}` },
  ];
  if (label.reprint) lines.push({ height: 20, text: 'REIMPRESIÓN', inverted: true });
  const gap = label.reprint ? 2 : 5;
  let y = 8;
  const texts: LabelText[] = [];
  for (const l of lines) {
    // A long name is drawn smaller or cut (text-fit.ts); the line keeps its place either way.
    texts.push({ ...l, ...fitLine(l.text, l.height, TEXT_MAX_WIDTH), x: TEXT_LEFT, y });
    y += l.height + gap;
  }
  return { widthDots: LABEL_WIDTH_DOTS, heightDots: LABEL_HEIGHT_DOTS, dpi: LABEL_DPI, texts, qr };
}

/** "02/12/2026 12:21:00 UTC-06:00" → ["02/12/2026", "12:21:00 UTC-06:00"]. */
function splitStamp(at: string): [string, string] {
  const space = at.indexOf(' ');
  return space < 0 ? [at, ''] : [at.slice(0, space), at.slice(space + 1)];
}

/** The QR alone as a 1-bit raster in dots (1 = black), rows padded to whole bytes (ZPL ^GF). */
export function qrBitmap(qr: LabelQr): {
  widthDots: number;
  heightDots: number;
  rowBytes: number;
  bits: Buffer;
} {
  const side = qr.size * qr.moduleDots;
  const rowBytes = Math.ceil(side / 8);
  const bits = Buffer.alloc(rowBytes * side);
  for (let y = 0; y < side; y++) {
    const r = Math.floor(y / qr.moduleDots);
    for (let x = 0; x < side; x++) {
      if (qr.modules[r * qr.size + Math.floor(x / qr.moduleDots)])
        bits[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { widthDots: side, heightDots: side, rowBytes, bits };
}
