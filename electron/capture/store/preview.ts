// Screen previews derived from the original: smaller, lossy, and stored apart from it. The original
// bytes are what the integrity code covers; a preview never replaces them.
import sharp from 'sharp';

export interface PreviewOptions {
  /** Longest side in px (a 1080p screen shows a letter page at about 1400 px high). */
  maxSide?: number;
  format?: 'jpeg' | 'webp';
  quality?: number;
  /**
   * Words burned across the preview (training: "CAPACITACIÓN"), so no screenshot or screen of a
   * rehearsal can pass for a real acta. The original, what the integrity code covers, is untouched.
   */
  mark?: string | null;
}

export const DEFAULT_PREVIEW: Required<PreviewOptions> = {
  maxSide: 1400,
  format: 'webp',
  quality: 70,
  mark: null,
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A diagonal band of text, as an SVG the size of the preview. */
function markSvg(width: number, height: number, text: string): Buffer {
  const size = Math.round(Math.min(width, height) / 9);
  const cx = Math.round(width / 2);
  const cy = Math.round(height / 2);
  const angle = (-Math.atan2(height, width) * 180) / Math.PI;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<g transform="rotate(${angle.toFixed(1)} ${cx} ${cy})">` +
      `<text x="${cx}" y="${cy}" font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" font-size="${size}" ` +
      `text-anchor="middle" dominant-baseline="middle" fill="rgb(200,0,90)" fill-opacity="0.45" ` +
      `stroke="rgb(120,0,60)" stroke-opacity="0.6" stroke-width="${Math.max(1, Math.round(size / 40))}">` +
      `${escapeXml(text)}</text></g>` +
      `<text x="12" y="${size / 2}" font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" ` +
      `font-size="${Math.round(size / 3)}" fill="rgb(200,0,90)">${escapeXml(text)}</text></svg>`,
  );
}

export async function derivePreview(original: Uint8Array, opts: PreviewOptions = {}): Promise<Buffer> {
  const o = { ...DEFAULT_PREVIEW, ...opts };
  let img = sharp(original, { limitInputPixels: 60_000_000 }).resize(o.maxSide, o.maxSide, {
    fit: 'inside',
    withoutEnlargement: true,
  });
  if (o.mark) {
    // Composite needs the resized size: resize first (to raw), then burn the text in colour.
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .toColourspace('srgb')
      .composite([{ input: markSvg(info.width, info.height, o.mark), top: 0, left: 0 }]);
  }
  return o.format === 'webp'
    ? img.webp({ quality: o.quality }).toBuffer()
    : img.jpeg({ quality: o.quality }).toBuffer();
}

/** Where a preview of `sha256` lives: a separate folder, so a sweep of blobs never confuses the two. */
export function previewName(sha256: string, format: 'jpeg' | 'webp'): string {
  return `${sha256}.preview.${format === 'jpeg' ? 'jpg' : 'webp'}`;
}
