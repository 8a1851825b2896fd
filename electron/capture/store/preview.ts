// Screen previews derived from the original: smaller, lossy, and stored apart from it. The original
// bytes are what the integrity code covers; a preview never replaces them.
import sharp from 'sharp';

export interface PreviewOptions {
  /** Longest side in px (a 1080p screen shows a letter page at about 1400 px high). */
  maxSide?: number;
  format?: 'jpeg' | 'webp';
  quality?: number;
}

export const DEFAULT_PREVIEW: Required<PreviewOptions> = { maxSide: 1400, format: 'webp', quality: 70 };

export async function derivePreview(original: Uint8Array, opts: PreviewOptions = {}): Promise<Buffer> {
  const o = { ...DEFAULT_PREVIEW, ...opts };
  const img = sharp(original, { limitInputPixels: 60_000_000 }).resize(o.maxSide, o.maxSide, {
    fit: 'inside',
    withoutEnlargement: true,
  });
  return o.format === 'webp'
    ? img.webp({ quality: o.quality }).toBuffer()
    : img.jpeg({ quality: o.quality }).toBuffer();
}

/** Where a preview of `sha256` lives: a separate folder, so a sweep of blobs never confuses the two. */
export function previewName(sha256: string, format: 'jpeg' | 'webp'): string {
  return `${sha256}.preview.${format === 'jpeg' ? 'jpg' : 'webp'}`;
}
