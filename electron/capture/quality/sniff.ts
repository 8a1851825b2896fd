// What a file is, from its first bytes, before any decoder sees it. Only the formats the gate
// judges reach sharp at all: libvips would otherwise parse an SVG (librsvg, XML entities), a
// HEIF or a GIF that happens to land in a hot folder, and each parser is one more place for a
// hostile file to cost memory or time. Knowing the format also tells a damaged page (a PNG that
// does not decode: "rescan") from a file that was never an image (a log, an HTML error page).

/** Formats the gate decodes and judges. */
export type JudgedFormat = 'png' | 'jpeg' | 'tiff' | 'webp';
/** Formats recognised but refused: the scanner is saving the wrong kind of file. */
export type RefusedFormat = 'pdf' | 'gif' | 'bmp' | 'pnm' | 'heif' | 'svg' | 'jpeg2000' | 'jxl';

export type Sniffed = { kind: 'judged'; format: JudgedFormat } | { kind: 'refused'; format: RefusedFormat };

function at(b: Uint8Array, offset: number, sig: readonly number[]): boolean {
  if (b.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[offset + i] !== sig[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const TIFF_LE = [0x49, 0x49, 0x2a, 0x00];
const TIFF_BE = [0x4d, 0x4d, 0x00, 0x2a];
const BIGTIFF_LE = [0x49, 0x49, 0x2b, 0x00];
const BIGTIFF_BE = [0x4d, 0x4d, 0x00, 0x2b];

/** The format the bytes announce, or null when they announce none we know (not an image). */
export function sniffImage(b: Uint8Array): Sniffed | null {
  if (at(b, 0, PNG)) return { kind: 'judged', format: 'png' };
  if (at(b, 0, JPEG)) return { kind: 'judged', format: 'jpeg' };
  if (at(b, 0, TIFF_LE) || at(b, 0, TIFF_BE) || at(b, 0, BIGTIFF_LE) || at(b, 0, BIGTIFF_BE))
    return { kind: 'judged', format: 'tiff' };
  if (at(b, 0, ascii('RIFF')) && at(b, 8, ascii('WEBP'))) return { kind: 'judged', format: 'webp' };
  if (at(b, 0, ascii('%PDF-'))) return { kind: 'refused', format: 'pdf' };
  if (at(b, 0, ascii('GIF8'))) return { kind: 'refused', format: 'gif' };
  if (at(b, 0, ascii('BM'))) return { kind: 'refused', format: 'bmp' };
  if (b.length >= 2 && b[0] === 0x50 && b[1]! >= 0x31 && b[1]! <= 0x37)
    return { kind: 'refused', format: 'pnm' };
  if (at(b, 4, ascii('ftyp'))) {
    const brand = String.fromCharCode(...b.subarray(8, 12));
    if (/^(heic|heix|hevc|heim|heis|mif1|msf1|avif|avis)$/.test(brand))
      return { kind: 'refused', format: 'heif' };
    if (/^jp2 /.test(brand)) return { kind: 'refused', format: 'jpeg2000' };
  }
  if (at(b, 0, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]))
    return { kind: 'refused', format: 'jpeg2000' };
  if (at(b, 0, [0xff, 0x0a]) || at(b, 4, ascii('JXL '))) return { kind: 'refused', format: 'jxl' };
  // An SVG is text: look past a BOM, whitespace and an XML prolog for the root element.
  const head = Buffer.from(b.subarray(0, 512))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head))
    return { kind: 'refused', format: 'svg' };
  return null;
}
