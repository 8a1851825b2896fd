// The traces a scan's history leaves in the steps between neighbouring pixels: an image resized up
// from a lower resolution, or saved as a JPEG, repeats a pattern with the period of the resampling
// ratio or of the 8×8 compression block. The sums come from measurePage's one pass (metrics.ts).

/** Period bins: lcm(8, 3) so JPEG blocks (8) and ×2, ×3, ×4, ×1.5 resampling all fold in. */
export const PHASES = 24;

/**
 * An image resized up from a lower resolution repeats the interpolation kernel with the period of
 * the ratio (×2 → 2 px, ×3 → 3 px, ×1.5 → 3 px): the mean neighbour step then depends on the
 * pixel's phase. A real scan's steps do not.
 */
export function resamplingPeriod(px: Float64Array, py: Float64Array): { period: number; score: number } {
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

export function blockRatio(px: Float64Array, py: Float64Array): number {
  let border = 0;
  let inner = 0;
  for (let k = 0; k < PHASES; k++) {
    // Phase 7 holds the step between pixel 7 and 8 of a block: the block border.
    if (k % 8 === 7) border += px[k]! + py[k]!;
    else inner += px[k]! + py[k]!;
  }
  return inner > 0 ? border / 6 / (inner / 42) : 1;
}
