// Pure pixel measurements of one grey page (8-bit, row-major). No Node imports and no I/O: this
// runs inside the analysis worker, so its loops never hold the core's event loop. Each number is
// a physical property of the scan; deciding what is acceptable is verdict.ts's job. Tone and
// sharpness are measured here; resampling, layout and borders each have their own file.
import { blockRatio } from './resampling';
import { ROW_STRIDE, toneAndSteps } from './tone-pass';
import {
  detailScale,
  measureEdgeRise,
  resamplingPeak,
  type EffectiveResolution,
} from './effective-resolution';
import { countLines, downscale, estimateSkew, LAYOUT_SCALE } from './page-layout';
import { findFold, measureEdgeInk, measureMargins, type CornerName, type EdgeInk } from './page-borders';
import { findCrease } from './page-crease';
import { bedDepth, findSheet, onSheet, paintBed, type FoundSheet, type SheetGeometry } from './page-find';

export type { CornerName, EdgeInk } from './page-borders';
export type { SheetGeometry } from './page-find';

export interface PageMeasurements {
  width: number;
  height: number;
  /** Median grey level: the paper on an acta (mostly blank sheet). */
  paperLevel: number;
  /** 0.5th percentile grey level: solid ink. */
  inkLevel: number;
  contrast: number;
  /** Share of pixels clearly darker than the paper (anything written or printed). */
  markFraction: number;
  /** Edge steepness per direction (0°, 90°, 45°, 135°), as a share of the page contrast. */
  sharpness: [number, number, number, number];
  /** Mean step across 8×8 JPEG block borders over the mean step elsewhere (1 = no blocking). */
  blockiness: number;
  /** Median 10–90 % rise of full paper-to-ink edges, px (0: too little print to measure). */
  edgeRisePx: number;
  /** Strongest resampling line on both axes: frequency (cycles/px) and strength. */
  resampleLine: { freq: number; score: number };
  /** Share of the nominal resolution the printed detail really has (1 = all of it). */
  detailScale: number;
  skewDegrees: number;
  horizontalLines: number;
  verticalLines: number;
  /** Share of each edge where ink touches the border of the image. */
  edgeInk: EdgeInk;
  /** Blank paper between each edge and the first line with content, px at full size. */
  margins: EdgeInk;
  /** Largest folded corner (lid or bed in a triangle at a corner of the sheet), leg px; null when none. */
  fold: { corner: CornerName; legPx: number } | null;
  /** The sheet on the scanner's bed: its edges, size and lean (content is measured inside it). */
  sheet: SheetGeometry;
}

/** Ink must be at least this much darker than paper to count as a mark on a blank sheet. */
const MIN_MARK_STEP = 25;
/** A step of at least this share of the contrast is part of an edge. */
const EDGE_STEP = 0.1;
/** Share of a direction's neighbour steps that are taken to be noise (flat paper and ink). */
const NOISE_SHARE = 0.9;
/** The most of the contrast a noise step may be; a larger step is an edge whatever the noise. */
const NOISE_CAP = 0.2;

function percentile(hist: Float64Array | Uint32Array, total: number, q: number): number {
  const target = total * q;
  let acc = 0;
  for (let v = 0; v < hist.length; v++) {
    acc += hist[v]!;
    if (acc >= target) return v;
  }
  return hist.length - 1;
}

/** Grey levels of the page from the histogram of the sampled rows (see toneAndSteps). */
interface Levels {
  paperLevel: number;
  inkLevel: number;
  contrast: number;
  /** Darker than paper by this much is a mark. */
  markStep: number;
}

function levelsOf(hist: Uint32Array, samples: number): Levels {
  const paperLevel = percentile(hist, samples, 0.5);
  const inkLevel = percentile(hist, samples, 0.005);
  const contrast = Math.max(0, paperLevel - inkLevel);
  return { paperLevel, inkLevel, contrast, markStep: Math.max(MIN_MARK_STEP, contrast / 2) };
}

/** The grey histogram over exactly the pixels toneAndSteps samples, for the other half of a page. */
function greyLevels(g: Uint8Array, w: number, h: number): Levels {
  // Counted in two banks by column parity (see toneAndSteps), summed after the pass.
  const banked = new Uint32Array(512);
  let samples = 0;
  for (let y = 0; y + 1 < h; y += ROW_STRIDE) {
    const row = y * w;
    let x = 1;
    for (; x + 2 < w; x += 2) {
      banked[256 + g[row + x]!]!++;
      banked[g[row + x + 1]!]!++;
    }
    if (x + 1 < w) banked[256 + g[row + x]!]!++;
    samples += w - 2;
  }
  const hist = new Uint32Array(256);
  for (let v = 0; v < 256; v++) hist[v] = banked[v]! + banked[256 + v]!;
  return levelsOf(hist, samples);
}

/**
 * Tone over the sheet alone, when the scanner's bed shows around it: a black backing is the
 * darkest thing in the image and would pass for the ink (a washed-out or low-contrast acta on a
 * sheet-fed scanner then passed). Same rows as greyLevels, every other column.
 */
function sheetLevels(g: Uint8Array, w: number, h: number, found: FoundSheet): Levels {
  const hist = new Uint32Array(256);
  let samples = 0;
  // onSheet's four tests with each bed depth worked out once per sampled column and once per row,
  // not four times per pixel: the same comparisons on the same numbers.
  const top = new Float64Array(w);
  const bottom = new Float64Array(w);
  for (let x = 1; x < w - 1; x += 2) {
    top[x] = bedDepth(found, 'top', x / LAYOUT_SCALE);
    bottom[x] = bedDepth(found, 'bottom', x / LAYOUT_SCALE);
  }
  for (let y = 0; y + 1 < h; y += ROW_STRIDE) {
    const ly = y / LAYOUT_SCALE;
    const left = bedDepth(found, 'left', ly);
    const right = bedDepth(found, 'right', ly);
    const down = h / LAYOUT_SCALE - 1 - ly;
    for (let x = 1; x < w - 1; x += 2) {
      const lx = x / LAYOUT_SCALE;
      if (!(lx >= left && w / LAYOUT_SCALE - 1 - lx >= right && ly >= top[x]! && down >= bottom[x]!))
        continue;
      hist[g[y * w + x]!]!++;
      samples++;
    }
  }
  return levelsOf(hist, samples);
}

/**
 * A page is measured in two halves of about equal cost that share nothing but the pixels, so two
 * analysis workers judge one page side by side: tone, steepness of steps, JPEG blocking, the
 * resampling spectrum and the edges' rise here; layout and borders in measureLayout (with the QR
 * after it in the same worker, so the edges' rise is here to even the two halves out).
 */
export type ToneMeasurements = Pick<
  PageMeasurements,
  | 'paperLevel'
  | 'inkLevel'
  | 'contrast'
  | 'markFraction'
  | 'sharpness'
  | 'blockiness'
  | 'resampleLine'
  | 'edgeRisePx'
> & {
  rise: EffectiveResolution;
  /** Neighbour-step histograms per direction, to judge steepness again against the sheet's contrast. */
  steps: [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
};

export type LayoutMeasurements = Omit<
  PageMeasurements,
  keyof ToneMeasurements | 'width' | 'height' | 'detailScale'
> & { sheetTone: Levels | null };

export function measureTone(g: Uint8Array, w: number, h: number): ToneMeasurements {
  const { hist, steps, phaseX, phaseY, samples } = toneAndSteps(g, w, h);
  const [h0, h1, h2, h3] = steps;
  const hd = [h0, h1, h2, h3] as const;
  const { paperLevel, inkLevel, contrast, markStep } = levelsOf(hist, samples);
  let marks = 0;
  for (let v = 0; v < 256 && v < paperLevel - markStep; v++) marks += hist[v]!;
  // How steep the edges are: among the steps that belong to an edge, the 90th percentile. A blur
  // spreads each edge over more pixels with smaller steps, whatever the amount of content.
  const sharpness = hd.map((hh) => edgeSteepness(hh, contrast)) as [number, number, number, number];
  const rise = measureEdgeRise(g, w, h, paperLevel, inkLevel);
  return {
    paperLevel,
    inkLevel,
    contrast,
    markFraction: marks / samples,
    sharpness,
    blockiness: blockRatio(phaseX, phaseY),
    resampleLine: resamplingPeak(g, w, h),
    edgeRisePx: rise.risePx,
    rise,
    steps: [h0, h1, h2, h3],
  };
}

export function measureLayout(g: Uint8Array, w: number, h: number): LayoutMeasurements {
  const { paperLevel, contrast, markStep } = greyLevels(g, w, h);

  const scaled = downscale(g, w, h, LAYOUT_SCALE);
  const sheetPaper = centralMedian(scaled.data, scaled.w, scaled.h);
  const found = findSheet(scaled.data, scaled.w, scaled.h, sheetPaper);
  const sheet = found.sheet;
  const bedShows = Object.values(sheet.sides).some((side) => side.line !== null);
  const sheetTone = bedShows ? sheetLevels(g, w, h, found) : null;
  // From here on the bed around the sheet is paper: it is neither ink, nor margin, nor a fold.
  const layout = { ...scaled, data: paintBed(scaled.data, scaled.w, scaled.h, found, sheetPaper) };
  const inkThreshold = paperLevel - markStep;
  // A fold shows as the lid in the image's corner (no bed seen), as bed cut into the sheet's corner,
  // or, on a white lid, as a crease across an empty corner: the largest of the three.
  const fold = [
    findFold(layout.data, layout.w, layout.h, inkThreshold),
    sheet.fold,
    findCrease(layout.data, layout.w, layout.h, sheetPaper, sheet),
  ].reduce((a, b) => (b && (!a || b.legPx > a.legPx) ? b : a), null);
  const skewDegrees = estimateSkew(layout.data, layout.w, layout.h, inkThreshold);
  const lines = countLines(
    layout.data,
    layout.w,
    layout.h,
    paperLevel - Math.max(MIN_MARK_STEP, contrast * 0.3),
    skewDegrees,
  );
  const foldSpan = fold ? fold.legPx * 1.2 : 0;
  const edgeInk = measureEdgeInk(g, w, h, inkThreshold, fold?.corner ?? null, foldSpan, (x, y) =>
    onSheet(found, w, h, x, y),
  );
  const margins = measureMargins(
    layout.data,
    layout.w,
    layout.h,
    inkThreshold,
    fold ? Math.ceil(foldSpan / LAYOUT_SCALE) : 0,
  );
  return {
    skewDegrees,
    horizontalLines: lines.horizontal,
    verticalLines: lines.vertical,
    edgeInk,
    margins,
    fold,
    sheet,
    sheetTone,
  };
}

/** Both halves of a page's measurements as one. */
export function combineMeasurements(
  w: number,
  h: number,
  tone: ToneMeasurements,
  layout: LayoutMeasurements,
): PageMeasurements {
  const { sheetTone, ...rest } = layout;
  const { steps, rise, edgeRisePx, ...toneRest } = tone;
  // With the bed in view, paper, ink and contrast are the sheet's own (see sheetLevels), and the
  // edges' steepness is a share of that contrast: a dark lid or shadow would make it look soft.
  const levels = sheetTone
    ? {
        paperLevel: sheetTone.paperLevel,
        inkLevel: sheetTone.inkLevel,
        contrast: sheetTone.contrast,
        sharpness: steps.map((hh) => edgeSteepness(hh, sheetTone.contrast)) as PageMeasurements['sharpness'],
      }
    : {};
  return {
    width: w,
    height: h,
    ...toneRest,
    ...levels,
    edgeRisePx,
    ...rest,
    detailScale: detailScale(rise, tone.resampleLine),
  };
}

export function measurePage(g: Uint8Array, w: number, h: number): PageMeasurements {
  return combineMeasurements(w, h, measureTone(g, w, h), measureLayout(g, w, h));
}

/** The paper of the sheet: the median of the middle of the page, away from any bed around it. */
function centralMedian(s: Uint8Array, w: number, h: number): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let y = Math.floor(h * 0.2); y < h * 0.8; y += 2)
    for (let x = Math.floor(w * 0.2); x < w * 0.8; x += 2) {
      hist[s[y * w + x]!]!++;
      n++;
    }
  return percentile(hist, n, 0.5);
}

function edgeSteepness(hh: Uint32Array, contrast: number): number {
  if (contrast <= 0) return 0;
  // A step is part of an edge if it is a tenth of the contrast and more than the noise's own
  // steps: most neighbours are flat paper, so nine in ten steps of a direction are its noise. A
  // contact-image sensor's column banding (cheap flatbeds) makes horizontal noise steps reach
  // a tenth of a dark or dull page's contrast; counted as edges they made a sharp page look
  // smeared across (motionBlur) whenever its tone was off.
  let total = 0;
  for (let v = 0; v < 256; v++) total += hh[v]!;
  // Capped: on a page dense with blurred ink a tenth of the steps can be edges, and taking
  // them for noise would count only the steepest part of each edge.
  const noise = Math.min(percentile(hh, total, NOISE_SHARE) + 1, Math.ceil(contrast * NOISE_CAP));
  const from = Math.max(2, Math.ceil(contrast * EDGE_STEP), noise);
  const edge = new Uint32Array(256);
  let n = 0;
  for (let v = from; v < 256; v++) {
    edge[v] = hh[v]!;
    n += hh[v]!;
  }
  return n > 0 ? percentile(edge, n, 0.9) / contrast : 0;
}
