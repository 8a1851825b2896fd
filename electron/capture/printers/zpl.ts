// The label in ZPL II for a 203-dpi thermal label printer (Zebra and the many that speak ZPL): text
// in the printer's scalable font 0, the QR as a ^GF graphic rather than ^BQ so the printed symbol
// is exactly the one we laid out and checked, whatever the firmware's QR encoder does.
import { qrBitmap, type LabelLayout } from './label-layout';

/** ^FH escapes: field data may not contain ^ or ~ (they would start a command). */
function fieldData(text: string): string {
  return text.replace(/[_^~]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Average glyph width of font 0 is a bit under its height. */
function charWidth(height: number): number {
  return Math.round(height * 0.85);
}

export function labelZpl(layout: LabelLayout): string {
  const out: string[] = ['^XA', '^CI28', `^PW${layout.widthDots}`, `^LL${layout.heightDots}`, '^LH0,0'];
  for (const t of layout.texts) {
    const font = `^A0N,${t.height},${charWidth(t.height)}`;
    if (t.inverted) {
      const w = layout.widthDots - t.x - 4;
      out.push(`^FO${t.x - 2},${t.y - 1}^GB${w},${t.height + 2},${t.height + 2}^FS`);
      out.push(`^FO${t.x},${t.y}^FR${font}^FH^FD${fieldData(t.text)}^FS`);
    } else {
      out.push(`^FO${t.x},${t.y}${font}^FH^FD${fieldData(t.text)}^FS`);
    }
  }
  const g = qrBitmap(layout.qr);
  const total = g.bits.length;
  out.push(
    `^FO${layout.qr.x},${layout.qr.y}^GFA,${total},${total},${g.rowBytes},${g.bits.toString('hex').toUpperCase()}^FS`,
  );
  out.push('^PQ1', '^XZ');
  return out.join('\n') + '\n';
}
