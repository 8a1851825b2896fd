// The tone half's one pass over the sampled rows (metrics.ts): the grey histogram, the four
// neighbour-step histograms and the JPEG phase sums of the steps (resampling.ts). Pure loops over
// typed arrays; it runs inside the analysis worker.
import { PHASES } from './resampling';

/** Rows sampled for histograms: 7 is coprime with the 8-px period of JPEG blocks (resampling.ts). */
export const ROW_STRIDE = 7;
/** Neighbour steps below this are texture (noise, paper grain, JPEG ringing), not edges. */
export const FLAT_STEP = 12;

export interface TonePass {
  /** Grey levels of the sampled pixels. */
  hist: Uint32Array;
  /** Steps to the right, below, lower right, and from the right neighbour to the one below. */
  steps: [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  /** Sums of the flat steps (under FLAT_STEP) across and down, by the pixel's column and row phase. */
  phaseX: Float64Array;
  phaseY: Float64Array;
  samples: number;
}

/** Flat steps of a phase's step histogram summed back: Σ v·count over v < FLAT_STEP (whole numbers). */
function flatSum(banks: Int32Array, from: number): number {
  let sum = 0;
  for (let v = 1; v < FLAT_STEP; v++) sum += v * banks[from + v]!;
  return sum;
}

/** The bank sums of a histogram kept in `banks` banks of 256 bins. */
function merged(banked: Int32Array, banks: number): Uint32Array {
  const out = new Uint32Array(256);
  for (let b = 0; b < banks; b++) for (let v = 0; v < 256; v++) out[v]! += banked[b * 256 + v]!;
  return out;
}

/**
 * Every ROW_STRIDE-th row, every pixel but the first and last: its grey level and its steps to the
 * right, below, lower right, and from the right neighbour to the one below. On flat paper
 * neighbouring pixels fall in the same bins, so each histogram is counted in several banks (a
 * count need not wait for the one before it) and summed after the pass. The steps across are
 * banked by the pixel's column phase and those down by its row phase (and column parity), so the
 * JPEG phase sums of flat steps come out of the histograms afterwards instead of a test and an add
 * per pixel: the same whole numbers, summed exactly.
 */
export function toneAndSteps(g: Uint8Array, w: number, h: number): TonePass {
  if (PHASES !== 8) throw new Error('toneAndSteps banks steps by x & 7');
  const hA = new Int32Array(2 * 256);
  const hX = new Int32Array(PHASES * 256);
  const hY = new Int32Array(PHASES * 2 * 256);
  const hD = new Int32Array(2 * 256);
  const hE = new Int32Array(2 * 256);
  let samples = 0;
  for (let y = 0; y + 1 < h; y += ROW_STRIDE) {
    const row = y * w;
    const yBank = (y % PHASES) * 512;
    // Two reads per pixel: this pixel and the one below it were the right and lower-right
    // neighbours of the step before.
    let r = g[row + 1]!;
    let d1 = g[row + w + 1]!;
    for (let x = 1; x + 1 < w; x++) {
      const i = row + x;
      const a = r;
      const dn = d1;
      r = g[i + 1]!;
      d1 = g[i + w + 1]!;
      // |t| as (t ^ s) − s with s the sign of t: no branch, which noise would mispredict.
      let t = a - r;
      const dx = (t ^ (t >> 31)) - (t >> 31);
      t = a - dn;
      const dy = (t ^ (t >> 31)) - (t >> 31);
      t = a - d1;
      const dd = (t ^ (t >> 31)) - (t >> 31);
      t = r - dn;
      const da = (t ^ (t >> 31)) - (t >> 31);
      const parity = (x & 1) << 8;
      hA[parity + a]!++;
      hX[((x & 7) << 8) + dx]!++;
      hY[yBank + parity + dy]!++;
      hD[parity + dd]!++;
      hE[parity + da]!++;
    }
    samples += w - 2;
  }
  const phaseX = new Float64Array(PHASES);
  const phaseY = new Float64Array(PHASES);
  for (let k = 0; k < PHASES; k++) {
    phaseX[k] = flatSum(hX, k * 256);
    phaseY[k] = flatSum(hY, k * 512) + flatSum(hY, k * 512 + 256);
  }
  return {
    hist: merged(hA, 2),
    steps: [merged(hX, PHASES), merged(hY, PHASES * 2), merged(hD, 2), merged(hE, 2)],
    phaseX,
    phaseY,
    samples,
  };
}
