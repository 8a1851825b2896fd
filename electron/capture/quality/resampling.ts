// The trace a JPEG leaves in the steps between neighbouring pixels: a block border every 8 px,
// where the mean step is larger than inside the block. The sums come from measurePage's one pass
// (metrics.ts). (A resize's own period is found by effective-resolution.ts, from the spectrum.)

/** Phase bins of the step sums: one per column (and row) of a JPEG's 8 × 8 block. */
export const PHASES = 8;

/** Mean step across 8 × 8 block borders over the mean step inside the blocks (1 = no blocking). */
export function blockRatio(px: Float64Array, py: Float64Array): number {
  let border = 0;
  let inner = 0;
  for (let k = 0; k < PHASES; k++) {
    // Phase 7 holds the step between pixel 7 and 8 of a block: the block border.
    if (k === 7) border += px[k]! + py[k]!;
    else inner += px[k]! + py[k]!;
  }
  return inner > 0 ? border / 2 / (inner / 14) : 1;
}
