// The defects real scans have, each with a severity in its own unit (sigma px, degrees, dpi, …),
// applied to a clean page. Mild severities are part of the corpus on purpose: a 0.5° skew or a
// slightly soft scan is a good image, and a gate that rejects them wastes the operator's time.
import type { KernelEnum, Sharp } from 'sharp';
import { addSensorNoise, LETTER_HEIGHT_PX, LETTER_WIDTH_PX, rawSharp, type RawPage } from './page';
import { createRng } from './rng';

export const DEFECT_KINDS = [
  'blur',
  'motionBlur',
  'tooDark',
  'overexposed',
  'lowContrast',
  'skew',
  'cutOff',
  'lowResolution',
  'jpegArtifacts',
  'foldedCorner',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];
export type Edge = 'top' | 'bottom' | 'left' | 'right';
export type Corner = 'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight';

export type Defect =
  /** Gaussian blur, sigma in px at 300 dpi. */
  | { kind: 'blur'; sigma: number }
  /** The sheet moved during the scan: a line blur of `length` px at `angle` degrees. */
  | { kind: 'motionBlur'; length: number; angle: 0 | 45 | 90 | 135 }
  /** Multiplies every level (1 = unchanged, 0.4 = very dark). */
  | { kind: 'tooDark'; gain: number }
  /** Lifts every level toward white: v' = v·(1−lift) + 255·lift. */
  | { kind: 'overexposed'; lift: number }
  /** Compresses levels around mid-grey: v' = 128 + (v−128)·factor. */
  | { kind: 'lowContrast'; factor: number }
  /** Rotation in degrees (positive = clockwise), page size kept. */
  | { kind: 'skew'; degrees: number }
  /** The sheet sat off-centre: `fraction` of the page height/width is lost past `edge`. */
  | { kind: 'cutOff'; edge: Edge; fraction: number }
  /** Scanned at `dpi` and resized back to the 300 dpi the file claims (with `kernel`, default sharp's). */
  | { kind: 'lowResolution'; dpi: number; kernel?: keyof KernelEnum }
  /** Saved as JPEG at this quality (the file format becomes JPEG). */
  | { kind: 'jpegArtifacts'; quality: number }
  /** A corner folded over onto the page: `leg` px along each edge; a dark lid shows where it was. */
  | { kind: 'foldedCorner'; corner: Corner; leg: number };

async function toRaw(img: Sharp, channels: 1 | 3): Promise<RawPage> {
  const out = channels === 1 ? img.toColourspace('b-w') : img.removeAlpha();
  const { data, info } = await out.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 1 | 3 };
}

/** The paper's grey level on a page: a margin sample away from any content. */
export function paperLevel(page: RawPage): number {
  // A margin sample away from any content: top-left, 40 px in.
  let sum = 0;
  let n = 0;
  for (let y = 40; y < 80; y++)
    for (let x = 40; x < 80; x++) {
      sum += page.data[(y * page.width + x) * page.channels]!;
      n++;
    }
  return Math.round(sum / n);
}

function lineKernel(length: number, angle: number): { width: number; height: number; kernel: number[] } {
  const size = length % 2 === 1 ? length : length + 1;
  const k = new Array<number>(size * size).fill(0);
  const c = (size - 1) / 2;
  const rad = (angle * Math.PI) / 180;
  for (let t = -c; t <= c; t++) {
    const x = Math.round(c + t * Math.cos(rad));
    const y = Math.round(c - t * Math.sin(rad));
    k[y * size + x] = 1;
  }
  return { width: size, height: size, kernel: k };
}

/**
 * Scans `optical` (a page before the sensor, see renderActaPage) with one defect: defects of the
 * sheet and the optics happen before the sensor adds its noise; a low-resolution sensor adds its
 * noise at its own resolution before the driver resizes; JPEG comes last. Returns the scanned page
 * and, for JPEG artefacts, the quality to save with.
 */
export async function scanWithDefect(
  optical: RawPage,
  d: Defect,
  seed = 1,
): Promise<{ page: RawPage; jpegQuality?: number }> {
  if (d.kind === 'lowResolution') {
    const w = Math.round((optical.width * d.dpi) / 300);
    const small = addSensorNoise(await toRaw(rawSharp(optical).resize(w), optical.channels), seed);
    const page = await toRaw(
      rawSharp(small).resize(optical.width, optical.height, {
        fit: 'fill',
        ...(d.kernel ? { kernel: d.kernel } : {}),
      }),
      optical.channels,
    );
    return { page };
  }
  const { page, jpegQuality } = await applyDefect(optical, d, seed);
  return { page: addSensorNoise(page, seed), ...(jpegQuality !== undefined ? { jpegQuality } : {}) };
}

/** Applies one defect to a page as it is (no sensor model). */
export async function applyDefect(
  page: RawPage,
  d: Defect,
  seed = 1,
): Promise<{ page: RawPage; jpegQuality?: number }> {
  const ch = page.channels;
  const img = rawSharp(page);
  switch (d.kind) {
    case 'blur':
      return { page: await toRaw(img.blur(d.sigma), ch) };
    case 'motionBlur': {
      const k = lineKernel(d.length, d.angle);
      return { page: await toRaw(img.convolve({ ...k, scale: k.kernel.reduce((a, b) => a + b, 0) }), ch) };
    }
    case 'tooDark':
      return { page: await toRaw(img.linear(d.gain, 0), ch) };
    case 'overexposed':
      return { page: await toRaw(img.linear(1 - d.lift, 255 * d.lift), ch) };
    case 'lowContrast':
      return { page: await toRaw(img.linear(d.factor, 128 * (1 - d.factor)), ch) };
    case 'skew': {
      const p = paperLevel(page);
      const bg = { r: p, g: p, b: p };
      const rotated = await toRaw(img.rotate(d.degrees, { background: bg }), ch);
      const left = Math.floor((rotated.width - LETTER_WIDTH_PX) / 2);
      const top = Math.floor((rotated.height - LETTER_HEIGHT_PX) / 2);
      return {
        page: await toRaw(
          rawSharp(rotated).extract({ left, top, width: LETTER_WIDTH_PX, height: LETTER_HEIGHT_PX }),
          ch,
        ),
      };
    }
    case 'cutOff': {
      const p = paperLevel(page);
      const bg = { r: p, g: p, b: p };
      const vertical = d.edge === 'top' || d.edge === 'bottom';
      const lost = Math.round((vertical ? page.height : page.width) * d.fraction);
      // Content moves toward `edge`: crop `lost` px there and pad the opposite side with paper.
      const keep = vertical
        ? { left: 0, top: d.edge === 'top' ? lost : 0, width: page.width, height: page.height - lost }
        : { left: d.edge === 'left' ? lost : 0, top: 0, width: page.width - lost, height: page.height };
      const cropped = await toRaw(img.extract(keep), ch);
      const pad = { top: 0, bottom: 0, left: 0, right: 0, background: bg };
      if (d.edge === 'top') pad.bottom = lost;
      if (d.edge === 'bottom') pad.top = lost;
      if (d.edge === 'left') pad.right = lost;
      if (d.edge === 'right') pad.left = lost;
      return { page: await toRaw(rawSharp(cropped).extend(pad), ch) };
    }
    case 'lowResolution': {
      const w = Math.round((page.width * d.dpi) / 300);
      const small = await toRaw(img.resize(w), ch);
      const kernel = d.kernel ? { kernel: d.kernel } : {};
      return {
        page: await toRaw(rawSharp(small).resize(page.width, page.height, { fit: 'fill', ...kernel }), ch),
      };
    }
    case 'jpegArtifacts':
      return { page, jpegQuality: d.quality };
    case 'foldedCorner':
      return { page: await foldCorner(page, d.corner, d.leg, seed) };
  }
}

async function foldCorner(page: RawPage, corner: Corner, leg: number, seed: number): Promise<RawPage> {
  const rng = createRng(seed);
  const lid = rng.range(45, 95);
  const flapTone = paperLevel(page) - rng.range(6, 16);
  const out = Buffer.from(page.data);
  const { width: W, height: H, channels: C } = page;
  // Work in corner-local coordinates (u, v) = distance from the two edges that meet at the corner.
  for (let v = 0; v < Math.min(2 * leg, H); v++) {
    for (let u = 0; u < Math.min(2 * leg, W); u++) {
      const x = corner === 'topLeft' || corner === 'bottomLeft' ? u : W - 1 - u;
      const y = corner === 'topLeft' || corner === 'topRight' ? v : H - 1 - v;
      const s = u + v;
      let value: number | null = null;
      if (s < leg) value = lid + rng.range(-3, 3);
      else if (s < 2 * leg && u < leg && v < leg) {
        // The flap: the back of the sheet, with a shadow along the crease.
        const crease = s - leg;
        value = flapTone - (crease < 10 ? 40 * (1 - crease / 10) : 0) + rng.range(-3, 3);
      }
      if (value === null) continue;
      for (let c = 0; c < C; c++) out[(y * W + x) * C + c] = Math.max(0, Math.min(255, value));
    }
  }
  return { ...page, data: out };
}
