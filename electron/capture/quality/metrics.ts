// Pure pixel measurements of one grey page (8-bit, row-major). No Node imports and no I/O: this
// runs inside the analysis worker, so its loops never hold the core's event loop. Each number is
// a physical property of the scan; deciding what is acceptable is verdict.ts's job.

export interface EdgeInk {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export type CornerName = 'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight';

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
  /** Period (px) of a resampling pattern, 0 when none (1 = no upscaling found). */
  upscalePeriod: number;
  upscaleScore: number;
  /** Mean step across 8×8 JPEG block borders over the mean step elsewhere (1 = no blocking). */
  blockiness: number;
  /** Second over first neighbour difference on flat areas: ~1.7 for a sensor's white noise. */
  fineTexture: number;
  skewDegrees: number;
  horizontalLines: number;
  verticalLines: number;
  /** Share of each edge where ink touches the border of the image. */
  edgeInk: EdgeInk;
  /** Blank paper between each edge and the first line with content, px at full size. */
  margins: EdgeInk;
  /** Largest folded corner (dark triangle touching two edges), leg in px; null when none. */
  fold: { corner: CornerName; legPx: number } | null;
}

/** Rows sampled for histograms: 5 is coprime with the 8- and 3-periods looked for below. */
const ROW_STRIDE = 5;
/** Period bins: lcm(8, 3) so JPEG blocks (8) and ×2, ×3, ×4, ×1.5 resampling all fold in. */
const PHASES = 24;
/** Downscale factor of the layout image (skew, lines, folds): 300 dpi → 75 dpi. */
const LAYOUT_SCALE = 4;
/** Depth of the border band that counts as "touching the edge", px at full size. */
const EDGE_BAND = 8;
/** Ink must be at least this much darker than paper to count as a mark on a blank sheet. */
const MIN_MARK_STEP = 25;
/** Neighbour steps below this are texture (noise, paper grain, JPEG ringing), not edges. */
const FLAT_STEP = 12;
/** A step of at least this share of the contrast is part of an edge. */
const EDGE_STEP = 0.1;

function percentile(hist: Float64Array | Uint32Array, total: number, q: number): number {
  const target = total * q;
  let acc = 0;
  for (let v = 0; v < hist.length; v++) {
    acc += hist[v]!;
    if (acc >= target) return v;
  }
  return hist.length - 1;
}

export function measurePage(g: Uint8Array, w: number, h: number): PageMeasurements {
  const hist = new Uint32Array(256);
  const hd = [
    new Uint32Array(256),
    new Uint32Array(256),
    new Uint32Array(256),
    new Uint32Array(256),
  ] as const;
  const phaseX = new Float64Array(PHASES);
  const phaseY = new Float64Array(PHASES);
  let samples = 0;
  let flatD1 = 0;
  let flatD2 = 0;
  const [h0, h1, h2, h3] = hd;
  for (let y = 0; y + 1 < h; y += ROW_STRIDE) {
    const row = y * w;
    let rowDy = 0;
    let phase = 1 % PHASES;
    for (let x = 1; x + 1 < w; x++) {
      const i = row + x;
      const a = g[i]!;
      const r = g[i + 1]!;
      const dn = g[i + w]!;
      const d1 = g[i + w + 1]!;
      const dx = a > r ? a - r : r - a;
      const dy = a > dn ? a - dn : dn - a;
      const dd = a > d1 ? a - d1 : d1 - a;
      const da = r > dn ? r - dn : dn - r;
      hist[a]!++;
      h0[dx]!++;
      h1[dy]!++;
      h2[dd]!++;
      h3[da]!++;
      // Phases only over flat paper and ink: a ruled line on a round coordinate would otherwise
      // dominate its phase bin and look like a resampling pattern.
      if (dx < FLAT_STEP) {
        phaseX[phase]! += dx;
        const l = g[i - 1]!;
        const dl = a > l ? a - l : l - a;
        if (dl < FLAT_STEP) {
          const d2 = l + r - 2 * a;
          flatD1 += dx + dl;
          flatD2 += d2 < 0 ? -d2 : d2;
        }
      }
      if (dy < FLAT_STEP) rowDy += dy;
      if (++phase === PHASES) phase = 0;
    }
    phaseY[y % PHASES]! += rowDy;
    samples += w - 2;
  }
  const paperLevel = percentile(hist, samples, 0.5);
  const inkLevel = percentile(hist, samples, 0.005);
  const contrast = Math.max(0, paperLevel - inkLevel);
  const markStep = Math.max(MIN_MARK_STEP, contrast / 2);
  let marks = 0;
  for (let v = 0; v < 256 && v < paperLevel - markStep; v++) marks += hist[v]!;
  const markFraction = marks / samples;
  // How steep the edges are: among the steps that belong to an edge, the 90th percentile. A blur
  // spreads each edge over more pixels with smaller steps, whatever the amount of content.
  const sharpness = hd.map((hh) => edgeSteepness(hh, contrast)) as [number, number, number, number];

  const { period, score } = resamplingPeriod(phaseX, phaseY);
  const blockiness = blockRatio(phaseX, phaseY);
  // Sensor noise is white: its second difference is ~1.7× its first. Anything resized up (or
  // smoothed by compression) has lost the top octave, and the ratio drops toward 1 and below.
  const fineTexture = flatD1 > 0 ? flatD2 / (flatD1 / 2) : 0;

  const layout = downscale(g, w, h, LAYOUT_SCALE);
  const inkThreshold = paperLevel - markStep;
  const fold = findFold(layout.data, layout.w, layout.h, inkThreshold);
  const skewDegrees = estimateSkew(layout.data, layout.w, layout.h, inkThreshold);
  const lines = countLines(
    layout.data,
    layout.w,
    layout.h,
    paperLevel - Math.max(MIN_MARK_STEP, contrast * 0.3),
    skewDegrees,
  );
  const foldSpan = fold ? fold.legPx * 1.2 : 0;
  const edgeInk = measureEdgeInk(g, w, h, inkThreshold, fold?.corner ?? null, foldSpan);
  const margins = measureMargins(
    layout.data,
    layout.w,
    layout.h,
    inkThreshold,
    fold ? Math.ceil(foldSpan / LAYOUT_SCALE) : 0,
  );
  return {
    width: w,
    height: h,
    paperLevel,
    inkLevel,
    contrast,
    markFraction,
    sharpness,
    upscalePeriod: period,
    upscaleScore: score,
    blockiness,
    fineTexture,
    skewDegrees,
    horizontalLines: lines.horizontal,
    verticalLines: lines.vertical,
    edgeInk,
    margins,
    fold,
  };
}

function edgeSteepness(hh: Uint32Array, contrast: number): number {
  if (contrast <= 0) return 0;
  const from = Math.max(2, Math.ceil(contrast * EDGE_STEP));
  const edge = new Uint32Array(256);
  let n = 0;
  for (let v = from; v < 256; v++) {
    edge[v] = hh[v]!;
    n += hh[v]!;
  }
  return n > 0 ? percentile(edge, n, 0.9) / contrast : 0;
}

/**
 * An image resized up from a lower resolution repeats the interpolation kernel with the period of
 * the ratio (×2 → 2 px, ×3 → 3 px, ×1.5 → 3 px): the mean neighbour step then depends on the
 * pixel's phase. A real scan's steps do not.
 */
function resamplingPeriod(px: Float64Array, py: Float64Array): { period: number; score: number } {
  let best = { period: 1, score: 0 };
  for (const p of [2, 3, 4]) {
    let score = 0;
    for (const ph of [px, py]) {
      const bins = new Float64Array(p);
      for (let k = 0; k < PHASES; k++) bins[k % p]! += ph[k]!;
      let mn = Infinity;
      let mx = 0;
      let sum = 0;
      for (const b of bins) {
        mn = Math.min(mn, b);
        mx = Math.max(mx, b);
        sum += b;
      }
      score += sum > 0 ? (mx - mn) / (sum / p) / 2 : 0;
    }
    // A shorter period also shows in its multiples (2 in 4): keep the shortest that explains it.
    if (score > best.score * 1.15) best = { period: p, score };
  }
  return best;
}

function blockRatio(px: Float64Array, py: Float64Array): number {
  let border = 0;
  let inner = 0;
  for (let k = 0; k < PHASES; k++) {
    // Phase 7 holds the step between pixel 7 and 8 of a block: the block border.
    if (k % 8 === 7) border += px[k]! + py[k]!;
    else inner += px[k]! + py[k]!;
  }
  return inner > 0 ? border / 6 / (inner / 42) : 1;
}

function downscale(
  g: Uint8Array,
  w: number,
  h: number,
  f: number,
): { data: Uint8Array; w: number; h: number } {
  const sw = Math.floor(w / f);
  const sh = Math.floor(h / f);
  const acc = new Uint32Array(sw);
  const out = new Uint8Array(sw * sh);
  const n = f * f;
  for (let sy = 0; sy < sh; sy++) {
    acc.fill(0);
    for (let dy = 0; dy < f; dy++) {
      const row = (sy * f + dy) * w;
      if (f === 4) {
        for (let sx = 0, i = row; sx < sw; sx++, i += 4)
          acc[sx]! += g[i]! + g[i + 1]! + g[i + 2]! + g[i + 3]!;
      } else {
        for (let sx = 0, i = row; sx < sw; sx++) for (let dx = 0; dx < f; dx++, i++) acc[sx]! += g[i]!;
      }
    }
    for (let sx = 0; sx < sw; sx++) out[sy * sw + sx] = acc[sx]! / n;
  }
  return { data: out, w: sw, h: sh };
}

/** Projection-profile skew: the angle at which rows of ink line up best (ruled lines, text). */
function estimateSkew(s: Uint8Array, w: number, h: number, inkThreshold: number): number {
  const margin = Math.round(Math.min(w, h) * 0.03);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = margin; y < h - margin; y++)
    for (let x = margin; x < w - margin; x++)
      if (s[y * w + x]! < inkThreshold) {
        xs.push(x);
        ys.push(y);
      }
  if (xs.length < 200) return 0;
  const profile = new Float64Array(h * 2 + w);
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    profile.fill(0);
    const off = w;
    for (let i = 0; i < xs.length; i++) profile[Math.round(ys[i]! - xs[i]! * t) + off]!++;
    let sum = 0;
    for (const v of profile) sum += v * v;
    return sum;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -20; d <= 20; d += 0.5) {
    const sc = score(d);
    if (sc > bestScore) [best, bestScore] = [d, sc];
  }
  const coarse = best;
  for (let d = coarse - 0.5; d <= coarse + 0.5; d += 0.1) {
    const sc = score(d);
    if (sc > bestScore) [best, bestScore] = [d, sc];
  }
  return Math.round(best * 10) / 10;
}

/** Long straight runs of ink along the skew angle: the ruled grid of the party table. */
function countLines(
  s: Uint8Array,
  w: number,
  h: number,
  inkThreshold: number,
  skew: number,
): { horizontal: number; vertical: number } {
  const t = Math.tan((skew * Math.PI) / 180);
  // A thin rule falls across two layout rows (or columns) when it is not pixel-aligned: a pixel
  // counts as ink when it or its next neighbour across the line is darker than the threshold.
  const longestRun = (n: number, at: (k: number) => number): number => {
    let best = 0;
    let run = 0;
    let gap = 0;
    for (let k = 0; k < n; k++) {
      const idx = at(k);
      if (idx >= 0 && (s[idx]! < inkThreshold || s[idx + across]! < inkThreshold)) {
        run += gap + 1;
        gap = 0;
        if (run > best) best = run;
      } else if (run > 0 && gap < 2) gap++;
      else {
        run = 0;
        gap = 0;
      }
    }
    return best;
  };
  const group = (hits: boolean[]): number => {
    let count = 0;
    for (let i = 0; i < hits.length; i++) if (hits[i] && !hits[i - 1]) count++;
    return count;
  };
  let across = w;
  const rows: boolean[] = [];
  for (let r = 0; r < h; r++) {
    const run = longestRun(w, (x) => {
      const y = Math.round(r + x * t);
      return y >= 0 && y + 1 < h ? y * w + x : -1;
    });
    rows.push(run >= w * 0.35);
  }
  across = 1;
  const cols: boolean[] = [];
  for (let c = 0; c < w; c++) {
    const run = longestRun(h, (y) => {
      const x = Math.round(c - y * t);
      return x >= 0 && x + 1 < w ? y * w + x : -1;
    });
    cols.push(run >= h * 0.15);
  }
  return { horizontal: group(rows), vertical: group(cols) };
}

/** A folded corner leaves a dark triangle (the scanner lid) where the corner should be. */
function findFold(
  s: Uint8Array,
  w: number,
  h: number,
  inkThreshold: number,
): { corner: CornerName; legPx: number } | null {
  let best: { corner: CornerName; legPx: number } | null = null;
  const corners: Array<[CornerName, boolean, boolean]> = [
    ['topLeft', false, false],
    ['topRight', true, false],
    ['bottomLeft', false, true],
    ['bottomRight', true, true],
  ];
  for (const [corner, flipX, flipY] of corners) {
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

function measureEdgeInk(
  g: Uint8Array,
  w: number,
  h: number,
  inkThreshold: number,
  foldCorner: CornerName | null,
  foldSpan: number,
): EdgeInk {
  const share = (len: number, isInk: (k: number) => boolean, skipStart: number, skipEnd: number): number => {
    let hits = 0;
    let n = 0;
    for (let k = skipStart; k < len - skipEnd; k++) {
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
      band((k, d) => d * w + k),
      ...skip('topLeft', 'topRight'),
    ),
    bottom: share(
      w,
      band((k, d) => (h - 1 - d) * w + k),
      ...skip('bottomLeft', 'bottomRight'),
    ),
    left: share(
      h,
      band((k, d) => k * w + d),
      ...skip('topLeft', 'bottomLeft'),
    ),
    right: share(
      h,
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
function measureMargins(
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
