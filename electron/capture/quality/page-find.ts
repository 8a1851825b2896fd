// Finding the sheet on the scanner's bed before judging it. Many scanners show their bed, lid or
// backing around the page (black, grey, coloured, white): judged as part of the page, that frame
// looks like ink cut off on every side and like four folded corners. Here each side of the layout
// image is walked from the image border inward to where the paper starts; a straight line fitted
// through those points is the sheet's edge on that side (or, when the paper reaches the border all
// along, there is none: the sheet runs off the image there). A folded corner is where the paper
// starts later than the edge line says, in a triangle at a corner of the sheet's quadrilateral.
// Everything here runs on the layout image (75 dpi): a few hundred walks, cheap next to decoding.
import { LAYOUT_SCALE } from './page-layout';
import type { CornerName } from './page-borders';

export type SideName = 'top' | 'bottom' | 'left' | 'right';
export const SIDES: readonly SideName[] = ['top', 'bottom', 'left', 'right'];

/** A side's edge in layout px: depth from that image border = a + b·k (k runs along the border). */
export interface EdgeLine {
  a: number;
  b: number;
}

export interface SheetSide {
  /** The fitted paper edge, or null when no bed shows on this side. */
  line: EdgeLine | null;
  /** Share of the side where the bed shows between the image border and the paper. */
  bedShare: number;
}

/** Per side and position along it, how deep the bed reaches in from the border (layout px). */
export type BedFrame = Record<SideName, Float64Array>;

export interface FoundSheet {
  sheet: SheetGeometry;
  frame: BedFrame;
}

export interface SheetGeometry {
  sides: Record<SideName, SheetSide>;
  /** Distance between opposite paper edges (an image border stands in for a missing one), px. */
  extent: { width: number; height: number };
  /** Rotation of the sheet's edges, degrees (same sign as the content's skew); null without edges. */
  edgeSkewDegrees: number | null;
  /** A corner folded over, judged against the sheet's own corner; leg px at full size. */
  fold: { corner: CornerName; legPx: number } | null;
}

/**
 * Layout grey levels this much darker than the paper still are paper (the back of a folded flap,
 * shading toward the sheet's edge); brighter, only a little: a white lid is brighter than paper.
 */
const PAPER_DARKER = 18;
const PAPER_BRIGHTER = 6;
/** Paper starts where this many pixels in a row are paper-like (1.3 mm: past a shadow or a speck). */
const PAPER_RUN = 4;
/** Bed narrower than this (layout px, 1 mm) is not told apart from a ruled line cut at the border. */
const MIN_BED = 3;
/** A side shows its edge when bed is seen on at least this share of it. */
const MIN_BED_SHARE = 0.25;
/** Points within this distance (layout px) of a line are on it. */
const INLIER = 1.5;
/** The paper starts this much later than its edge (layout px) inside a fold. */
const FOLD_DEPTH = 2;

type Walk = { len: number; depth: number; at: (k: number, d: number) => number };

function walker(s: Uint8Array, w: number, h: number, side: SideName): Walk {
  switch (side) {
    case 'top':
      return { len: w, depth: h, at: (k, d) => s[d * w + k]! };
    case 'bottom':
      return { len: w, depth: h, at: (k, d) => s[(h - 1 - d) * w + k]! };
    case 'left':
      return { len: h, depth: w, at: (k, d) => s[k * w + d]! };
    case 'right':
      return { len: h, depth: w, at: (k, d) => s[k * w + (w - 1 - d)]! };
  }
}

/** For each position along a side, how deep the paper starts (NaN: no paper within half the page). */
function paperStarts(walk: Walk, paper: number): Float64Array {
  const out = new Float64Array(walk.len);
  const limit = Math.floor(walk.depth / 2);
  for (let k = 0; k < walk.len; k++) {
    let run = 0;
    let found = NaN;
    for (let d = 0; d < limit; d++) {
      const v = walk.at(k, d);
      if (v - paper <= PAPER_BRIGHTER && paper - v <= PAPER_DARKER) {
        if (++run === PAPER_RUN) {
          found = d - PAPER_RUN + 1;
          break;
        }
      } else run = 0;
    }
    out[k] = found;
  }
  return out;
}

/**
 * A robust straight line through the bed points: the pair of points (from a fixed spread of pairs)
 * with most points near its line wins, then least squares over those points. Points off the line
 * are a fold, a corner of the rotated sheet, or ink at the border.
 */
function fitEdge(starts: Float64Array): SheetSide {
  const n = starts.length;
  const ks: number[] = [];
  for (let k = 0; k < n; k++) if (starts[k]! >= MIN_BED) ks.push(k);
  if (ks.length < n * MIN_BED_SHARE) return { line: null, bedShare: ks.length / n };
  let best: EdgeLine | null = null;
  let bestCount = 0;
  const m = ks.length;
  for (let t = 0; t < 48; t++) {
    // Pairs far apart along the side give a stable slope.
    const i = ks[Math.floor((((t * 7919) % 97) / 97) * (m / 2))]!;
    const j = ks[m - 1 - Math.floor((((t * 104729) % 89) / 89) * (m / 2))]!;
    if (j <= i) continue;
    const b = (starts[j]! - starts[i]!) / (j - i);
    if (Math.abs(b) > 0.4) continue;
    const a = starts[i]! - b * i;
    let count = 0;
    for (const k of ks) if (Math.abs(starts[k]! - a - b * k) <= INLIER) count++;
    if (count > bestCount) [best, bestCount] = [{ a, b }, count];
  }
  if (!best || bestCount < n * MIN_BED_SHARE) return { line: null, bedShare: ks.length / n };
  let sk = 0;
  let sd = 0;
  let skk = 0;
  let skd = 0;
  let c = 0;
  for (const k of ks) {
    const d = starts[k]!;
    if (Math.abs(d - best.a - best.b * k) > INLIER) continue;
    sk += k;
    sd += d;
    skk += k * k;
    skd += k * d;
    c++;
  }
  const den = c * skk - sk * sk;
  const line = den > 0 ? { b: (c * skd - sk * sd) / den, a: 0 } : best;
  if (den > 0) line.a = (sd - line.b * sk) / c;
  return { line, bedShare: bestCount / n };
}

/** Where the sheet is and which way it leans, on the layout image. */
export function findSheet(s: Uint8Array, w: number, h: number, paper: number): FoundSheet {
  const starts = {} as Record<SideName, Float64Array>;
  const sides = {} as Record<SideName, SheetSide>;
  const frame = {} as BedFrame;
  for (const side of SIDES) {
    starts[side] = paperStarts(walker(s, w, h, side), paper);
    sides[side] = fitEdge(starts[side]);
    frame[side] = bedStrips(starts[side]);
  }
  const depthAt = (side: SideName, k: number) => {
    const l = sides[side].line;
    return l ? l.a + l.b * k : 0;
  };
  const width = w - depthAt('left', h / 2) - depthAt('right', h / 2);
  const height = h - depthAt('top', w / 2) - depthAt('bottom', w / 2);
  // Top/bottom depth grows with x where the page turns clockwise; left grows with y where it turns
  // anticlockwise. Both expressed as the content's skew sign (positive = clockwise).
  const angles: number[] = [];
  const deg = (b: number) => (Math.atan(b) * 180) / Math.PI;
  if (sides.top.line) angles.push(deg(sides.top.line.b));
  if (sides.bottom.line) angles.push(-deg(sides.bottom.line.b));
  if (sides.left.line) angles.push(-deg(sides.left.line.b));
  if (sides.right.line) angles.push(deg(sides.right.line.b));
  const edgeSkewDegrees = angles.length ? angles.reduce((x, y) => x + y, 0) / angles.length : null;
  const sheet = {
    sides,
    extent: { width: width * LAYOUT_SCALE, height: height * LAYOUT_SCALE },
    edgeSkewDegrees: edgeSkewDegrees === null ? null : Math.round(edgeSkewDegrees * 100) / 100,
    fold: findSheetFold(starts, sides),
  };
  return { sheet, frame };
}

/**
 * Bed too thin for an edge line (a sheet lying flush with the border, a hair crooked, shows a
 * wedge of bed growing from one end; a strip may run the whole side) is still bed, not ink cut
 * off: a long unbroken run of it from an end of the side, or over a quarter of it. Printed matter
 * cut at the border is broken up by the spaces between lines and words. Depth per position, 0 = none.
 */
function bedStrips(starts: Float64Array): Float64Array {
  const n = starts.length;
  const out = new Float64Array(n);
  const minRun = Math.max(8, Math.round(n * 0.05));
  const bed = (k: number) => !(starts[k]! < 1);
  let k = 0;
  while (k < n) {
    if (!bed(k)) {
      k++;
      continue;
    }
    let e = k;
    while (e < n && bed(e)) e++;
    if (e - k >= minRun && (k === 0 || e === n || e - k >= n * 0.25))
      for (let i = k; i < e; i++) out[i] = Number.isNaN(starts[i]!) ? 0 : starts[i]!;
    k = e;
  }
  return out;
}

/** Each corner as the two sides that meet there, and whether it sits at the far end of each. */
const CORNERS: Array<[CornerName, SideName, boolean, SideName, boolean]> = [
  ['topLeft', 'top', false, 'left', false],
  ['topRight', 'top', true, 'right', false],
  ['bottomLeft', 'bottom', false, 'left', true],
  ['bottomRight', 'bottom', true, 'right', true],
];

/**
 * A fold shows bed (or lid) in a triangle cut from a corner of the sheet: along both sides that
 * meet there, the paper starts later than the edge, by an amount that shrinks to nothing one leg
 * away from the corner. The leg is measured from the sheet's corner, not the image's.
 */
function findSheetFold(
  starts: Record<SideName, Float64Array>,
  sides: Record<SideName, SheetSide>,
): { corner: CornerName; legPx: number } | null {
  const depth = (side: SideName, k: number) => {
    const l = sides[side].line;
    return l ? l.a + l.b * k : 0;
  };
  let best: { corner: CornerName; legPx: number } | null = null;
  for (const [corner, sideA, farA, sideB, farB] of CORNERS) {
    const lenA = starts[sideA].length;
    const lenB = starts[sideB].length;
    // The sheet's corner along side A is where side B's edge crosses it (and vice versa).
    const cornerA = depth(sideB, farB ? lenB - 1 : 0);
    const cornerB = depth(sideA, farA ? lenA - 1 : 0);
    const run = (side: SideName, far: boolean, from: number, len: number): { leg: number; first: number } => {
      const kOf = (i: number) => (far ? len - 1 - i : i);
      // The corner itself is blurred by the edge: the fold may begin a pixel or three in.
      const start = Math.max(0, Math.ceil(from));
      let i = start;
      let gap = 0;
      let last = -1;
      let first = NaN;
      for (; i < len / 2; i++) {
        const k = kOf(i);
        const d = starts[side][k]! - depth(side, k);
        if (d > FOLD_DEPTH) {
          if (Number.isNaN(first)) first = d;
          last = i;
          gap = 0;
        } else if (last < 0 ? i - start > 3 : ++gap > 2) break;
      }
      return { leg: last < 0 ? 0 : last + 1 - Math.max(0, from), first };
    };
    const a = run(sideA, farA, cornerA, lenA);
    const b = run(sideB, farB, cornerB, lenB);
    const leg = Math.min(a.leg, b.leg);
    if (leg < 3) continue;
    // A triangle: at the corner, the paper along each side starts about one other leg in.
    if (!(a.first >= b.leg * 0.5 && b.first >= a.leg * 0.5)) continue;
    const legPx = leg * LAYOUT_SCALE;
    if (!best || legPx > best.legPx) best = { corner, legPx };
  }
  return best;
}

/** Bed past each edge painted over or masked: the edge's shadow lies this far in (layout px). */
const SLACK = 3;

/** How deep the bed reaches in from a side's border at position k along it (layout px). */
export function bedDepth(found: FoundSheet, side: SideName, k: number): number {
  const line = found.sheet.sides[side].line;
  const strip = found.frame[side];
  const thin = strip[Math.max(0, Math.min(strip.length - 1, Math.floor(k)))]!;
  return Math.max(line ? line.a + line.b * k + SLACK : 0, thin > 0 ? thin + 1 : 0);
}

/**
 * The layout image with everything outside the sheet's edges painted as paper (a little past each
 * edge, to cover its shadow): content measurements then see the sheet alone, and its margins count
 * from the image border as before wherever the paper runs off the image.
 */
export function paintBed(s: Uint8Array, w: number, h: number, found: FoundSheet, paper: number): Uint8Array {
  const out = new Uint8Array(s);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const toL = Math.min(w, Math.ceil(bedDepth(found, 'left', y)));
    for (let x = 0; x < toL; x++) out[row + x] = paper;
    const toR = Math.min(w, Math.ceil(bedDepth(found, 'right', y)));
    for (let d = 0; d < toR; d++) out[row + w - 1 - d] = paper;
  }
  for (let x = 0; x < w; x++) {
    const toT = Math.min(h, Math.ceil(bedDepth(found, 'top', x)));
    for (let y = 0; y < toT; y++) out[y * w + x] = paper;
    const toB = Math.min(h, Math.ceil(bedDepth(found, 'bottom', x)));
    for (let d = 0; d < toB; d++) out[(h - 1 - d) * w + x] = paper;
  }
  return out;
}

/** Whether a full-size image point lies on the sheet (inside every fitted edge and bed strip). */
export function onSheet(found: FoundSheet, w: number, h: number, x: number, y: number): boolean {
  const lx = x / LAYOUT_SCALE;
  const ly = y / LAYOUT_SCALE;
  return (
    lx >= bedDepth(found, 'left', ly) &&
    w / LAYOUT_SCALE - 1 - lx >= bedDepth(found, 'right', ly) &&
    ly >= bedDepth(found, 'top', lx) &&
    h / LAYOUT_SCALE - 1 - ly >= bedDepth(found, 'bottom', lx)
  );
}
