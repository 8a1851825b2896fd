// The sheet's layout on a downscaled copy of the page: how far it is rotated, and how many ruled
// lines of the party table cross it. The copy is small enough for a search over angles.

/** Downscale factor of the layout image (skew, lines, folds): 300 dpi → 75 dpi. */
export const LAYOUT_SCALE = 4;

/** The page averaged over f×f blocks: small enough to search over angles and walk every line. */
export function downscale(
  g: Uint8Array,
  w: number,
  h: number,
  f: number,
): { data: Uint8Array; w: number; h: number } {
  const sw = Math.floor(w / f);
  const sh = Math.floor(h / f);
  const out = new Uint8Array(sw * sh);
  if (f === 4) {
    downscaleBy4(g, w, sw, sh, out);
    return { data: out, w: sw, h: sh };
  }
  const acc = new Uint32Array(sw);
  const n = f * f;
  for (let sy = 0; sy < sh; sy++) {
    acc.fill(0);
    for (let dy = 0; dy < f; dy++) {
      const row = (sy * f + dy) * w;
      for (let sx = 0, i = row; sx < sw; sx++) for (let dx = 0; dx < f; dx++, i++) acc[sx]! += g[i]!;
    }
    for (let sx = 0; sx < sw; sx++) out[sy * sw + sx] = acc[sx]! / n;
  }
  return { data: out, w: sw, h: sh };
}

/** Both bytes of a 16-bit lane summed into it: 4 pixels read as one word make two lane sums. */
const LANES = 0x00ff00ff;

/**
 * downscale's 4×4 blocks: each block row is one little-endian 32-bit read (four pixels), its bytes
 * added pairwise in two 16-bit lanes (at most 4 × 510 per lane, no carry between them). The sum of
 * the 16 pixels over 16, truncated, is what the Uint8Array store of acc / n keeps.
 */
function downscaleBy4(g: Uint8Array, w: number, sw: number, sh: number, out: Uint8Array): void {
  const view = new DataView(g.buffer, g.byteOffset, g.byteLength);
  for (let sy = 0; sy < sh; sy++) {
    const r0 = sy * 4 * w;
    const o = sy * sw;
    for (let sx = 0, i = r0; sx < sw; sx++, i += 4) {
      const v0 = view.getUint32(i, true);
      const v1 = view.getUint32(i + w, true);
      const v2 = view.getUint32(i + 2 * w, true);
      const v3 = view.getUint32(i + 3 * w, true);
      const lanes =
        (v0 & LANES) +
        ((v0 >>> 8) & LANES) +
        (v1 & LANES) +
        ((v1 >>> 8) & LANES) +
        (v2 & LANES) +
        ((v2 >>> 8) & LANES) +
        (v3 & LANES) +
        ((v3 >>> 8) & LANES);
      out[o + sx] = ((lanes & 0xffff) + (lanes >>> 16)) >>> 4;
    }
  }
}

/** Projection-profile skew: the angle at which rows of ink line up best (ruled lines, text). */
export function estimateSkew(s: Uint8Array, w: number, h: number, inkThreshold: number): number {
  const margin = Math.round(Math.min(w, h) * 0.03);
  // The ink grouped by column as vertical runs (rows in order): along a column every pixel moves
  // by the same whole shift at a given angle, so a run of ink adds 1 to a run of profile bins,
  // kept as a difference (+1 at its start, −1 past its end) and summed once per angle: the same
  // profile, whole numbers, as one add per ink pixel.
  const start = new Int32Array(w + 1);
  const runs: number[] = [];
  let total = 0;
  for (let x = margin; x < w - margin; x++) {
    start[x] = runs.length;
    let from = -1;
    for (let y = margin; y < h - margin; y++) {
      if (s[y * w + x]! < inkThreshold) {
        total++;
        if (from < 0) from = y;
      } else if (from >= 0) {
        runs.push(from, y);
        from = -1;
      }
    }
    if (from >= 0) runs.push(from, h - margin);
  }
  start[w - margin] = runs.length;
  if (total < 200) return 0;
  const runRows = Int32Array.from(runs); // pairs: first row, row past the last
  const diff = new Int32Array(h * 2 + w + 1);
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    diff.fill(0);
    const off = w;
    // round(y − x·t) = y + round(−x·t) for a whole y.
    for (let x = margin; x < w - margin; x++) {
      const shift = Math.round(-x * t) + off;
      for (let j = start[x]!, end = start[x + 1]!; j < end; j += 2) {
        diff[runRows[j]! + shift]!++;
        diff[runRows[j + 1]! + shift]!--;
      }
    }
    let sum = 0;
    let bin = 0;
    for (let i = 0; i < diff.length - 1; i++) {
      bin += diff[i]!;
      sum += bin * bin;
    }
    return sum;
  };
  let best = 0;
  let bestScore = -1;
  // Half degrees, then tenths within half a degree either side. A coarser first step (2°) put a
  // faint, low-contrast page's skew on the wrong peak in the corpus: the half degree stays.
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

/**
 * Whether one line of the layout image holds a run of ink at least `needed` long along the skew:
 * the line `line` (a row when `rows`, else a column) shifted by round(line + shift[k]) at step k.
 * A thin rule falls across two layout rows (or columns) when it is not pixel-aligned: a pixel
 * counts as ink when it or its next neighbour across the line is darker than the threshold.
 */
function hasRun(
  s: Uint8Array,
  w: number,
  h: number,
  inkThreshold: number,
  rows: boolean,
  line: number,
  shift: Float64Array,
  needed: number,
): boolean {
  const n = rows ? w : h;
  const limit = rows ? h : w;
  const across = rows ? w : 1;
  let run = 0;
  let gap = 0;
  for (let k = 0; k < n; k++) {
    // The rest of the line is too short to make a run of `needed` (most lines of an acta): stop.
    if (run + gap + (n - k) < needed) return false;
    const p = Math.round(line + shift[k]!);
    const idx = p >= 0 && p + 1 < limit ? (rows ? p * w + k : k * w + p) : -1;
    if (idx >= 0 && (s[idx]! < inkThreshold || s[idx + across]! < inkThreshold)) {
      run += gap + 1;
      gap = 0;
      if (run >= needed) return true;
    } else if (run > 0 && gap < 2) gap++;
    else {
      run = 0;
      gap = 0;
    }
  }
  return false;
}

/** Long straight runs of ink along the skew angle: the ruled grid of the party table. */
export function countLines(
  s: Uint8Array,
  w: number,
  h: number,
  inkThreshold: number,
  skew: number,
): { horizontal: number; vertical: number } {
  const t = Math.tan((skew * Math.PI) / 180);
  // Each step's offset worked out once, not once per line: row r meets column x at r + x·t, column
  // c meets row y at c − y·t (the same sums, in the same floating point).
  const alongRow = new Float64Array(w);
  for (let x = 0; x < w; x++) alongRow[x] = x * t;
  const alongCol = new Float64Array(h);
  for (let y = 0; y < h; y++) alongCol[y] = -(y * t);
  const group = (hits: boolean[]): number => {
    let count = 0;
    for (let i = 0; i < hits.length; i++) if (hits[i] && !hits[i - 1]) count++;
    return count;
  };
  const rows: boolean[] = [];
  for (let r = 0; r < h; r++) rows.push(hasRun(s, w, h, inkThreshold, true, r, alongRow, w * 0.35));
  const cols: boolean[] = [];
  for (let c = 0; c < w; c++) cols.push(hasRun(s, w, h, inkThreshold, false, c, alongCol, h * 0.15));
  return { horizontal: group(rows), vertical: group(cols) };
}
