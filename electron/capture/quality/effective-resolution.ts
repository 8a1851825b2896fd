// The resolution the page's detail really has, whatever the file's pixel count says. A sheet
// scanned at 100 dpi and resized up to 300 keeps the 300-dpi size but not the detail: every
// printed edge is as wide as the low-resolution sensor made it, times the resize ratio. So the
// estimate comes from the printed edges themselves (ruled lines, text strokes, the QR label):
// the 10–90 % rise distance of each edge from paper to solid ink, median over hundreds of them.
// Edges, not high-frequency energy: sensor noise adds energy up there whatever the resolution,
// and an edge's width is the same whichever kernel did the resize (nearest, bicubic, Lanczos…).

/** Rows and columns sampled: coprime with 8 (JPEG blocks) and with the resize periods 2, 3, 4. */
const LINE_STRIDE = 23;
/** Farthest a rise is followed from its steepest step, px: a 75-dpi page resized ×4 still fits. */
const MAX_HALF_RISE = 12;
/** An edge counts when it spans at least this share of paper-to-ink: a full edge, not a hairline. */
const MIN_SPAN = 0.6;
/** A step this share of the contrast marks an edge candidate. */
const MIN_STEP = 0.12;
/** Noise a plateau may carry while the rise is followed, grey levels. */
const PLATEAU_SLACK = 3;
/** Fewer full edges than this and the page has too little print to say anything. */
export const MIN_EDGES = 60;
/** The most edges measured per direction: the median is settled long before. */
const MAX_EDGES = 3000;

export interface EffectiveResolution {
  /** Median 10–90 % rise of full paper-to-ink edges, px; 0 when too few edges were found. */
  risePx: number;
  /** Edges measured. */
  edges: number;
}

/** One line of pixels, p[off] to p[off + n − 1] (a typed array read in place, no per-pixel call); pushes the rise width of each full edge it crosses. */
function risesAlong(
  p: Uint8Array,
  off: number,
  n: number,
  minStep: number,
  minSpan: number,
  out: number[],
): void {
  let i = 1;
  const cap = out.length + MAX_EDGES;
  while (i + 2 < n && out.length < cap) {
    const d = p[off + i + 1]! - p[off + i]!;
    const ad = (d ^ (d >> 31)) - (d >> 31);
    if (ad < minStep) {
      i++;
      continue;
    }
    // Steepest step nearby: the middle of this edge.
    let c = i;
    let best = ad;
    for (let k = i + 1; k < Math.min(n - 1, i + 4); k++) {
      const e = p[off + k + 1]! - p[off + k]!;
      if (e < 0 === d < 0 && Math.abs(e) > best) {
        best = Math.abs(e);
        c = k;
      }
    }
    const sign = d < 0 ? -1 : 1;
    // Walk down to the low plateau and up to the high one while the profile keeps its direction.
    let a = c;
    let loV = p[off + c]!;
    while (a > 0 && c - a < MAX_HALF_RISE) {
      const v = p[off + a - 1]!;
      if (sign * (v - loV) > PLATEAU_SLACK) break;
      if (sign * v < sign * loV) loV = v;
      a--;
    }
    let b = c + 1;
    let hiV = p[off + c + 1]!;
    while (b + 1 < n && b - c < MAX_HALF_RISE) {
      const v = p[off + b + 1]!;
      if (sign * (hiV - v) > PLATEAU_SLACK) break;
      if (sign * v > sign * hiV) hiV = v;
      b++;
    }
    const span = sign * (hiV - loV);
    if (span >= minSpan) {
      const l10 = loV + sign * 0.1 * span;
      const l90 = loV + sign * 0.9 * span;
      const x10 = crossing(p, off, a, b, l10, sign);
      const x90 = crossing(p, off, a, b, l90, sign);
      if (x10 !== null && x90 !== null && x90 > x10) out.push(x90 - x10);
    }
    i = b + 1;
  }
}

/** Sub-pixel position where the profile first passes `level` going in direction `sign`. */
function crossing(
  p: Uint8Array,
  off: number,
  a: number,
  b: number,
  level: number,
  sign: number,
): number | null {
  for (let k = a; k < b; k++) {
    const v0 = sign * p[off + k]!;
    const v1 = sign * p[off + k + 1]!;
    const l = sign * level;
    if (v0 < l && v1 >= l) return k + (l - v0) / (v1 - v0);
  }
  return null;
}

/**
 * Measures the rise of printed edges along every LINE_STRIDE-th row and column, inside the page
 * (a margin of 3 % is skipped: a scanner's bed or a shadow at the border is not print).
 */
export function measureEdgeRise(
  g: Uint8Array,
  w: number,
  h: number,
  paperLevel: number,
  inkLevel: number,
): EffectiveResolution {
  const contrast = paperLevel - inkLevel;
  if (contrast <= 0) return { risePx: 0, edges: 0 };
  const minStep = Math.max(6, contrast * MIN_STEP);
  const minSpan = contrast * MIN_SPAN;
  const mx = Math.round(w * 0.03);
  const my = Math.round(h * 0.03);
  const rises: number[] = [];
  for (let y = my; y < h - my; y += LINE_STRIDE) {
    const row = y * w + mx;
    risesAlong(g, row, w - 2 * mx, minStep, minSpan, rises);
  }
  // The sampled columns copied out row by row first: read down the page one pixel per row, each
  // would cost a cache miss.
  const n = h - 2 * my;
  const cols: number[] = [];
  for (let x = mx; x < w - mx; x += LINE_STRIDE) cols.push(x);
  const down = new Uint8Array(cols.length * n);
  for (let i = 0; i < n; i++) {
    const row = (my + i) * w;
    for (let c = 0; c < cols.length; c++) down[c * n + i] = g[row + cols[c]!]!;
  }
  for (let c = 0; c < cols.length; c++) {
    const col = c * n;
    risesAlong(down, col, n, minStep, minSpan, rises);
  }
  if (rises.length < MIN_EDGES) return { risePx: 0, edges: rises.length };
  rises.sort((p, q) => p - q);
  return { risePx: rises[rises.length >> 1]!, edges: rises.length };
}

/** Steps are clipped here: an ink edge must not outweigh a thousand paper pixels. */
const D2_CLIP = 32;
/** Lines summed into a profile: every SPECTRUM_STRIDE-th row (or column); coprime with 8, so every row of a JPEG block counts alike. */
const SPECTRUM_STRIDE = 7;
/**
 * Lowest frequency searched, cycles/px. Below it the print's own spacing dominates, and a line
 * there would mean a source under 51 dpi or over 249 dpi: the first is no scan, the second passes.
 */
const F_MIN = 0.17;
/**
 * Lowest frequency searched on edges, cycles/px: a line above it means a source under 0.7 of the
 * nominal rate whichever way it folded (f or 1 − f), under 210 dpi on a 300-dpi file. Lower, the
 * print's own rhythm (strokes of one font size, ~0.26 on the sim/acta forms) makes lines on edges.
 */
const F_EDGE_MIN = 0.3;
/**
 * A neighbour step at least this large is part of a printed edge, grey levels: well above sensor
 * noise and JPEG ringing on paper (a few levels), well below the paper-to-ink step even at the
 * lowest contrast that passes (~100).
 */
const EDGE_STEP = 20;
/** FFT length: the longer side of a letter page at 300 dpi fits, zero-padded. */
const FFT_MIN = 4096;

export interface ResampleLine {
  /** Frequency of the strongest periodic component, cycles/px (≤ 0.5). */
  freq: number;
  /** Its magnitude over the local median magnitude of the spectrum. */
  score: number;
}

export interface ResamplePeak extends ResampleLine {
  /**
   * The strongest line in the band that means a source under minEffectiveDpi (F_EDGE_MIN–0.5),
   * from the second difference across printed edges only (EDGE_STEP and steeper). JPEG erases the
   * line the paper's grain carries (it quantises fine noise to nothing inside its 8×8 blocks), but
   * not the one on edges: an ink edge is a large signal whose interpolated shape repeats with the
   * source grid, and a JPEG of quality 70–85 keeps most of it.
   */
  edges?: ResampleLine;
  /** The edges' strength at the grain line's frequency (its confirmation; see detailScale). */
  edgesAtLine?: number;
}

/**
 * Resampling makes every interpolated pixel a fixed function of its neighbours, so the size of
 * the second difference repeats with the source grid whatever the kernel or ratio (the periodic
 * correlations of Popescu & Farid): summed down the columns (or along the rows) into one profile,
 * it shows a spectral line at the source's sampling rate folded into [0, 0.5]. Noise and print are
 * not periodic and average out; JPEG's 8-px grid shows at k/8 and is discounted there.
 */
export function resamplingPeak(
  g: Uint8Array,
  w: number,
  h: number,
  stride = SPECTRUM_STRIDE,
  clip = D2_CLIP,
): ResamplePeak {
  const px = new Float64Array(w - 2);
  const py = new Float64Array(h - 2);
  const ex = new Float64Array(w - 2);
  const ey = new Float64Array(h - 2);
  for (let y = 1; y + 1 < h; y += stride) {
    const row = y * w;
    // One read per pixel: the left and centre values slide along the row.
    let l = g[row]!;
    let c = g[row + 1]!;
    for (let x = 1; x + 1 < w; x++) {
      const r = g[row + x + 1]!;
      const d = l + r - 2 * c;
      const e = r - c;
      l = c;
      c = r;
      // |d| as (d ^ s) − s with s its sign: no branch, which noise would mispredict.
      const ad = (d ^ (d >> 31)) - (d >> 31);
      const ae = (e ^ (e >> 31)) - (e >> 31);
      const a = ad + ae;
      px[x - 1]! += a < clip ? a : clip;
      if (ae >= EDGE_STEP) ex[x - 1]! += ad;
    }
  }
  for (let y = 1; y + 1 < h; y++) {
    const row = y * w;
    let s = 0;
    let t = 0;
    for (let x = 1; x + 1 < w; x += stride) {
      const i = row + x;
      const d = g[i - w]! + g[i + w]! - 2 * g[i]!;
      const e = g[i + w]! - g[i]!;
      const ad = (d ^ (d >> 31)) - (d >> 31);
      const ae = (e ^ (e >> 31)) - (e >> 31);
      const a = ad + ae;
      s += a < clip ? a : clip;
      if (ae >= EDGE_STEP) t += ad;
    }
    py[y - 1] = s;
    ey[y - 1] = t;
  }
  // A resize scales both axes alike; print's own rhythm (text lines, table rows) does not repeat
  // at one frequency across and down the page. A line counts at the strength of its weaker axis.
  const grain = bothAxes(spectrum(px), spectrum(py), F_MIN);
  const sex = spectrum(ex);
  const sey = spectrum(ey);
  return {
    ...grain,
    edges: bothAxes(sex, sey, F_EDGE_MIN),
    edgesAtLine: Math.min(scoreAt(sex, grain.freq), scoreAt(sey, grain.freq)),
  };
}

function bothAxes(sx: Spectrum, sy: Spectrum, fMin: number): ResampleLine {
  const bx = strongest(sx, fMin);
  const by = strongest(sy, fMin);
  const fromX = { freq: bx.freq, score: Math.min(bx.score, scoreAt(sy, bx.freq)) };
  const fromY = { freq: by.freq, score: Math.min(by.score, scoreAt(sx, by.freq)) };
  return fromX.score >= fromY.score ? fromX : fromY;
}

interface Spectrum {
  /** Line strength per bin over the band's median (JPEG's grid discounted). */
  score: Float64Array;
  size: number;
  k0: number;
}

function strongest(s: Spectrum, fMin: number): ResampleLine {
  let best: ResampleLine = { freq: 0, score: 0 };
  for (let k = Math.max(s.k0, Math.ceil(fMin * s.size)); k < s.score.length; k++)
    if (s.score[k]! > best.score) best = { freq: k / s.size, score: s.score[k]! };
  return best;
}

function scoreAt(s: Spectrum, freq: number): number {
  const c = Math.round(freq * s.size);
  let m = 0;
  for (let k = Math.max(s.k0, c - 3); k <= Math.min(s.score.length - 1, c + 3); k++)
    m = Math.max(m, s.score[k]!);
  return m;
}

function spectrum(p: Float64Array): Spectrum {
  const n = p.length;
  let size = FFT_MIN;
  while (size < n) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += p[i]!;
  mean /= n;
  // A Hann window keeps the profile's ends (the page margins) from smearing over the spectrum.
  for (let i = 0; i < n; i++) re[i] = (p[i]! - mean) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  fft(re, im);
  const half = size / 2;
  const mags = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) mags[k] = Math.hypot(re[k]!, im[k]!);
  const k0 = Math.ceil(F_MIN * size);
  // JPEG's 8-px grid puts lines at 2/8, 3/8 and 4/8, the last the weakest of them (measured on
  // JPEGs of quality 40–92, 4:2:0 and 4:4:4). The first two are not searched (a resize from 75 or
  // 112 dpi also widens every edge past the rise fallback); at 4/8, where a resize from 150 dpi
  // lands, only what stands above the grid's weaker line there counts.
  const comb = [2, 3, 4].map((j) => (j * size) / 8);
  const combLevel = Math.min(
    maxAround(mags, comb[0]! - 3, comb[0]! + 3),
    maxAround(mags, comb[1]! - 3, comb[1]! + 3),
  );
  const band = mags.slice(k0, half + 1).sort();
  const background = band[band.length >> 1]!;
  const score = new Float64Array(half + 1);
  if (background > 0)
    for (let k = k0; k <= half; k++) {
      let m = mags[k]!;
      if (Math.abs(k - comb[0]!) <= 3 || Math.abs(k - comb[1]!) <= 3) m = 0;
      else if (Math.abs(k - comb[2]!) <= 3) m = Math.max(0, m - combLevel);
      score[k] = m / background;
    }
  return { score, size, k0 };
}

function maxAround(mags: Float64Array, a: number, b: number): number {
  let m = 0;
  for (let k = Math.max(0, a); k <= Math.min(mags.length - 1, b); k++) m = Math.max(m, mags[k]!);
  return m;
}

/** In-place radix-2 FFT (length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let j = 0; j < len / 2; j++) {
        const a = i + j;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}

/** A resampling line at least this strong (on both axes) is a resize. */
export const MIN_LINE_SCORE = 6;
/** Edge rise of a sharp 300-dpi scan, and how much a resize by 1/s adds to it (squared sum). */
const RISE_SHARP_PX = 2.05;
const RISE_PER_RATIO = 0.75;
/**
 * With no resampling line (a smooth kernel under heavy noise, a resize followed by rotation), the
 * rise alone: wider than this and the detail is below the nominal resolution. Loose on purpose, so
 * that a slightly soft 300-dpi scan (the blur check's business) is not called low-resolution.
 */
const FALLBACK_RISE_PX = 2.9;

/**
 * An edge line at least this strong (on both axes) is a resize. Sharp and mildly soft 300-dpi
 * scans (σ ≤ 1.3 px, sharpened, JPEG 55–92) stay under 4 in that band; resizes from 96–150 dpi
 * saved through JPEG chains down to quality 70 measure 6.5 and more (seed range 5100, 2 pages ×
 * 6 scanners; checked on 9100).
 */
export const MIN_EDGE_LINE_SCORE = 6;
/**
 * A grain line in the edges' band (a source under 210 dpi) counts only where the edges show it at
 * least this strongly: a real resize puts its line in both (3.7 and more on the two seed
 * ranges; 7.5 and more from ≤ 150 dpi), while a finer resize (250 dpi: period 6 px) also puts its second harmonic at 1/3 in the
 * grain alone (edges under 2.5), which would read as 200 dpi.
 */
export const MIN_EDGE_CONFIRM_SCORE = 3;

/**
 * The share of the nominal resolution the detail has (1 = all of it). A resampling line at f
 * cycles/px means the source sampled at s = f or s = 1 − f of the nominal rate (the line folds
 * at 0.5); the edges' rise picks between them, since a resize by 1/s widens every edge. When the
 * grain's line and the edges' line both stand out, the lower resolution they say wins: each can
 * only be made by a resize, and JPEG hides either, never adds one.
 */
export function detailScale(rise: EffectiveResolution, peak: ResamplePeak): number {
  const scales: number[] = [];
  const confirmed =
    peak.freq <= F_EDGE_MIN || peak.edgesAtLine === undefined || peak.edgesAtLine >= MIN_EDGE_CONFIRM_SCORE;
  if (peak.score >= MIN_LINE_SCORE && peak.freq > 0 && confirmed) scales.push(sourceRate(rise, peak.freq));
  if (peak.edges && peak.edges.score >= MIN_EDGE_LINE_SCORE && peak.edges.freq > 0)
    scales.push(sourceRate(rise, peak.edges.freq));
  if (scales.length > 0) return Math.min(...scales);
  return rise.risePx > FALLBACK_RISE_PX ? FALLBACK_RISE_PX / rise.risePx : 1;
}

function sourceRate(rise: EffectiveResolution, freq: number): number {
  const candidates = [freq, 1 - freq];
  if (rise.risePx <= 0) return Math.min(...candidates);
  const r2 = rise.risePx * rise.risePx;
  const miss = (s: number) => Math.abs(r2 - (RISE_SHARP_PX ** 2 + (RISE_PER_RATIO / s) ** 2));
  return miss(candidates[0]!) <= miss(candidates[1]!) ? candidates[0]! : candidates[1]!;
}
