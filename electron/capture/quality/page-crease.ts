// A folded corner on a scanner whose lid is white: the triangle where the corner was shows the lid,
// as bright as paper, so there is no bed to see. What does show is the fold itself: a straight
// crease shadow cutting the corner at 45°, with nothing printed between it and the corner (the
// flap hides the form's ink beyond it). Looked for at the sheet's own corners, on the layout image.
import { LAYOUT_SCALE } from './page-layout';
import { CORNER_SIDES, type CornerName } from './page-borders';
import type { SheetGeometry } from './page-find';

/** The crease shadow is at least this much darker than the paper (layout grey levels). */
const CREASE_STEP = 10;
/** Share of the crease's diagonal that must be dark: a line, not text crossing it. */
const CREASE_COVER = 0.75;
/** Share of the corner triangle allowed dark (specks, the sheet's own edge shadow). */
const MAX_TRIANGLE_INK = 0.02;
/** Closest crease to the corner looked at (layout px; 8 = 32 px): nearer is the edge's shadow. */
const MIN_LEG = 8;

export function findCrease(
  s: Uint8Array,
  w: number,
  h: number,
  paper: number,
  sheet: SheetGeometry,
): { corner: CornerName; legPx: number } | null {
  const maxLeg = Math.floor(Math.min(w, h) / 3);
  const dark = paper - CREASE_STEP;
  const depth = (side: 'top' | 'bottom' | 'left' | 'right', k: number) => {
    const l = sheet.sides[side].line;
    return Math.max(0, l ? Math.round(l.a + l.b * k) : 0);
  };
  let best: { corner: CornerName; legPx: number } | null = null;
  for (const [corner, right, bottom] of CORNER_SIDES) {
    // The sheet's corner, inset by its edges' shadows.
    const ox = depth(right ? 'right' : 'left', bottom ? h - 1 : 0) + 2;
    const oy = depth(bottom ? 'bottom' : 'top', right ? w - 1 : 0) + 2;
    const at = (u: number, v: number): number => {
      const x = right ? w - 1 - ox - u : ox + u;
      const y = bottom ? h - 1 - oy - v : oy + v;
      return x >= 0 && x < w && y >= 0 && y < h ? s[y * w + x]! : paper;
    };
    let inkBefore = 0;
    let areaBefore = 0;
    for (let d = 0; d <= maxLeg; d++) {
      let hits = 0;
      let diagInk = 0;
      for (let u = 0; u <= d; u++) {
        const v = d - u;
        const here = at(u, v) < dark;
        if (here) diagInk++;
        if (here || at(u, v + 1) < dark || at(u + 1, v) < dark) hits++;
      }
      if (d >= MIN_LEG && hits / (d + 1) >= CREASE_COVER) {
        if (inkBefore <= areaBefore * MAX_TRIANGLE_INK) {
          const legPx = d * LAYOUT_SCALE;
          if (!best || legPx > best.legPx) best = { corner, legPx };
        }
        break;
      }
      inkBefore += diagInk;
      areaBefore += d + 1;
      // Printed matter before any crease: the corner is intact.
      if (areaBefore > 200 && inkBefore > areaBefore * MAX_TRIANGLE_INK) break;
    }
  }
  return best;
}
