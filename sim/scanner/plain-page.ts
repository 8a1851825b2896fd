// The default page of the simulated scanners until the realistic acta generator (sim/acta/)
// is plugged in: a white letter sheet at the scan resolution with a title, a few ruled lines
// and the page number, so a person looking at the scan screen sees distinct pages.
import sharp from 'sharp';
import type { PageFormat } from '../../electron/capture/scanners/types';

export interface SimPage {
  bytes: Uint8Array;
  format: PageFormat;
}

/** What a simulated scanner asks for each sheet; `index` is 1-based within the batch. */
export type PageSource = (index: number) => Promise<SimPage>;

export interface PlainPageOptions {
  dpi?: number;
  mode?: 'gray' | 'color';
  format?: 'png' | 'jpeg';
  /** Inches; letter by default. */
  widthIn?: number;
  heightIn?: number;
}

export async function plainPage(index: number, opts: PlainPageOptions = {}): Promise<SimPage> {
  const dpi = opts.dpi ?? 300;
  const w = Math.round((opts.widthIn ?? 8.5) * dpi);
  const h = Math.round((opts.heightIn ?? 11) * dpi);
  const u = dpi / 100; // drawing unit: 1/100 inch
  const lines = Array.from({ length: 12 }, (_, i) => {
    const y = Math.round((300 + i * 50) * u);
    return `<line x1="${Math.round(75 * u)}" y1="${y}" x2="${w - Math.round(75 * u)}" y2="${y}" stroke="#222" stroke-width="${Math.max(1, Math.round(u))}"/>`;
  }).join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="${Math.round(75 * u)}" y="${Math.round(150 * u)}" font-family="sans-serif" font-size="${Math.round(30 * u)}" fill="#000">ACTA DE ESCRUTINIO Y CÓMPUTO (SIMULADA)</text>` +
    `<text x="${Math.round(75 * u)}" y="${Math.round(220 * u)}" font-family="sans-serif" font-size="${Math.round(28 * u)}" fill="#000">Hoja ${index}</text>` +
    lines +
    `<rect x="${Math.round(75 * u)}" y="${Math.round(950 * u)}" width="${w - Math.round(150 * u)}" height="${Math.round(150 * u)}" fill="none" stroke="#000" stroke-width="${Math.max(1, Math.round(2 * u))}"/>` +
    `</svg>`;
  let img = sharp(Buffer.from(svg), { density: 72 }).flatten({ background: '#ffffff' });
  img = opts.mode === 'color' ? img.toColourspace('srgb') : img.toColourspace('b-w');
  const format = opts.format ?? 'png';
  const bytes = format === 'jpeg' ? await img.jpeg({ quality: 85 }).toBuffer() : await img.png().toBuffer();
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), format };
}
