// What happened at the sheet's borders: a folded corner, ink cut off at an edge, and the blank
// margin left on each side. An acta scanned partly off the glass shows here first.
import { LAYOUT_SCALE } from './page-layout';

export interface EdgeInk {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export type CornerName = 'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight';

/** Depth of the border band that counts as "touching the edge", px at full size. */
const EDGE_BAND = 8;

/** Each corner, and whether it lies at the right and at the bottom of the image. */
export const CORNER_SIDES: ReadonlyArray<[CornerName, boolean, boolean]> = [
  ['topLeft', false, false],
  ['topRight', true, false],
  ['bottomLeft', false, true],
  ['bottomRight', true, true],
];

/** A folded corner leaves a dark triangle (the scanner lid) where the corner should be. */
export function findFold(
  s: Uint8Array,
  w: number,
  h: number,
  inkThreshold: number,
): { corner: CornerName; legPx: number } | null {
  let best: { corner: CornerName; legPx: number } | null = null;
  for (const [corner, flipX, flipY] of CORNER_SIDES) {
    const at = (u: number, v: number) => s[(flipY ? h - 1 - v : v) * w + (flipX ? w - 1 - u : u)]!;
    const dark = (u: number, v: number) => at(u, v) < inkThreshold;
    let legU = 0;
    while (legU < w / 2 && dark(legU, 1)) legU++;
    let legV = 0;
    while (legV < h / 2 && dark(1, legV)) legV++;
    const leg = Math.min(legU, legV);
    if (leg < 4) continue;
    // The whole triangle must be dark, not just two ruled lines meeting at the corner.
    let inside = 0;
    let filled = 0;
    for (let v = 0; v < leg; v += 2)
      for (let u = 0; u + v < leg * 0.8; u += 2) {
        inside++;
        if (dark(u, v)) filled++;
      }
    if (inside > 0 && filled / inside > 0.9) {
      const legPx = leg * LAYOUT_SCALE;
      if (!best || legPx > best.legPx) best = { corner, legPx };
    }
  }
  return best;
}

export function measureEdgeInk(
  g: Uint8Array,
  w: number,
  h: number,
  inkThreshold: number,
  foldCorner: CornerName | null,
  foldSpan: number,
  onSheet: (x: number, y: number) => boolean = () => true,
): EdgeInk {
  // Only where the sheet itself reaches the border: bed shown around it is not ink cut off.
  const share = (
    len: number,
    border: (k: number) => [number, number],
    isInk: (k: number) => boolean,
    skipStart: number,
    skipEnd: number,
  ): number => {
    let hits = 0;
    let n = 0;
    for (let k = skipStart; k < len - skipEnd; k++) {
      const [x, y] = border(k);
      if (!onSheet(x, y)) continue;
      n++;
      if (isInk(k)) hits++;
    }
    return n > 0 ? hits / n : 0;
  };
  const skip = (a: CornerName, b: CornerName): [number, number] => [
    foldCorner === a ? Math.ceil(foldSpan) : 0,
    foldCorner === b ? Math.ceil(foldSpan) : 0,
  ];
  const band = (xy: (k: number, d: number) => number) => (k: number) => {
    for (let d = 0; d < EDGE_BAND; d++) if (g[xy(k, d)]! < inkThreshold) return true;
    return false;
  };
  return {
    top: share(
      w,
      (k) => [k, 0],
      band((k, d) => d * w + k),
      ...skip('topLeft', 'topRight'),
    ),
    bottom: share(
      w,
      (k) => [k, h - 1],
      band((k, d) => (h - 1 - d) * w + k),
      ...skip('bottomLeft', 'bottomRight'),
    ),
    left: share(
      h,
      (k) => [0, k],
      band((k, d) => k * w + d),
      ...skip('topLeft', 'bottomLeft'),
    ),
    right: share(
      h,
      (k) => [w - 1, k],
      band((k, d) => k * w + (w - 1 - d)),
      ...skip('topRight', 'bottomRight'),
    ),
  };
}

/**
 * Printed actas keep a margin on every side; content that reaches an edge (or a margin that shrank
 * to nothing) means part of the sheet was outside the scan. Measured on the layout image, ignoring
 * the corner spans of a fold and isolated specks.
 */
export function measureMargins(
  s: Uint8Array,
  w: number,
  h: number,
  inkThreshold: number,
  foldSpan: number,
): EdgeInk {
  const minInk = 3;
  const skip = Math.max(foldSpan, Math.round(Math.min(w, h) * 0.02));
  const rowHas = (y: number) => {
    let n = 0;
    for (let x = skip; x < w - skip; x++) if (s[y * w + x]! < inkThreshold && ++n >= minInk) return true;
    return false;
  };
  const colHas = (x: number) => {
    let n = 0;
    for (let y = skip; y < h - skip; y++) if (s[y * w + x]! < inkThreshold && ++n >= minInk) return true;
    return false;
  };
  let top = 0;
  while (top < h && !rowHas(top)) top++;
  let bottom = 0;
  while (bottom < h && !rowHas(h - 1 - bottom)) bottom++;
  let left = 0;
  while (left < w && !colHas(left)) left++;
  let right = 0;
  while (right < w && !colHas(w - 1 - right)) right++;
  return {
    top: top * LAYOUT_SCALE,
    bottom: bottom * LAYOUT_SCALE,
    left: left * LAYOUT_SCALE,
    right: right * LAYOUT_SCALE,
  };
}
