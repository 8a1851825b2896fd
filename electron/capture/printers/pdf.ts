// The label on a letter or A4 sheet, as a one-page PDF any CUPS queue prints: the label at its real
// size (51×25 mm) in the top-right corner with a cut line, Helvetica text (one of the PDF's base
// fonts, so nothing is embedded) and the QR as a 1-bit image of one sample per module, scaled up
// without interpolation. Not as rectangles: adjacent rectangles leave anti-aliased seams between
// rows at 300 dpi that broke zxing's finder-pattern search (the symbol read as "damaged"). Written by hand: the format needed is a few objects, not worth a dependency.
import type { LabelLayout, LabelQr } from './label-layout';

export type SheetSize = 'letter' | 'a4';
const SHEETS: Record<SheetSize, { w: number; h: number }> = {
  letter: { w: 612, h: 792 },
  a4: { w: 595.28, h: 841.89 },
};
/** Distance of the label from the sheet's top and right edges (pt): inside any printer's margin. */
const SHEET_MARGIN_PT = 36;

const num = (n: number) => (Math.round(n * 1000) / 1000).toString();

/** A PDF string literal in WinAnsi (latin-1 covers "·" and "Ó"). */
function pdfString(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (code >= 32 && code < 127) out += ch;
    else if (code >= 160 && code <= 255) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += '?';
  }
  return `(${out})`;
}

/** Where the label sits on the sheet, in points from the bottom-left (PDF space). */
export function labelPlacement(
  sheet: SheetSize,
  layout: LabelLayout,
): { x: number; y: number; scale: number } {
  const s = SHEETS[sheet];
  const scale = 72 / layout.dpi;
  return {
    x: s.w - SHEET_MARGIN_PT - layout.widthDots * scale,
    y: s.h - SHEET_MARGIN_PT - layout.heightDots * scale,
    scale,
  };
}

function contentStream(sheet: SheetSize, layout: LabelLayout): string {
  const { x, y, scale } = labelPlacement(sheet, layout);
  const H = layout.heightDots;
  // Label space: dots, origin top-left, y down; the cm maps it onto the sheet.
  const ops: string[] = ['q', `${num(scale)} 0 0 ${num(-scale)} ${num(x)} ${num(y + H * scale)} cm`];
  ops.push('0.5 w 0.6 G', `0 0 ${layout.widthDots} ${H} re S`, '0 g');
  const q = layout.qr;
  const side = q.size * q.moduleDots;
  // The image's first row lands at the unit square's top (y = 1): flip back in our y-down space.
  ops.push('q', `${side} 0 0 ${-side} ${q.x} ${q.y + side} cm`, '/QR Do', 'Q');
  for (const t of layout.texts) {
    const size = t.height; // cap-to-descender ≈ font size for Helvetica
    if (t.inverted) {
      ops.push(`${t.x - 2} ${t.y - 1} ${layout.widthDots - t.x - 4} ${t.height + 2} re f`, '1 g');
    }
    // Text is drawn un-flipped: a local matrix turns y back up at the baseline.
    ops.push(
      'BT',
      `/F1 1 Tf`,
      `${size} 0 0 ${-size} ${t.x} ${t.y + t.height * 0.8} Tm`,
      `${pdfString(t.text)} Tj`,
      'ET',
    );
    if (t.inverted) ops.push('0 g');
  }
  ops.push('Q');
  return ops.join('\n');
}

/** One bit per module, rows padded to whole bytes, 1 = white (DeviceGray). */
function qrImage(q: LabelQr): string {
  const rowBytes = Math.ceil(q.size / 8);
  const bytes = Buffer.alloc(rowBytes * q.size, 0xff);
  for (let r = 0; r < q.size; r++)
    for (let c = 0; c < q.size; c++)
      if (q.modules[r * q.size + c]) bytes[r * rowBytes + (c >> 3)]! &= ~(0x80 >> (c & 7));
  const hex = bytes.toString('hex').toUpperCase() + '>';
  return (
    `<< /Type /XObject /Subtype /Image /Width ${q.size} /Height ${q.size} /ColorSpace /DeviceGray ` +
    `/BitsPerComponent 1 /Interpolate false /Filter /ASCIIHexDecode /Length ${hex.length} >>\n` +
    `stream\n${hex}\nendstream`
  );
}

export function labelPdf(layout: LabelLayout, sheet: SheetSize = 'letter'): Buffer {
  const s = SHEETS[sheet];
  const content = contentStream(sheet, layout);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(s.w)} ${num(s.h)}] ` +
      '/Resources << /Font << /F1 4 0 R >> /XObject << /QR 6 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    qrImage(layout.qr),
  ];
  let body = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
