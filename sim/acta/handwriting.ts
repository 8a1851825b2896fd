// Handwritten-looking figures and signatures as SVG paths: each digit is a skeleton in a unit box
// drawn through with jitter and slant, so no two figures on a page are the same shape (a font
// would make every "7" identical, which real tally sheets never are).
import type { Rng } from './rng';

type Pt = readonly [number, number];

const DIGITS: Record<string, readonly Pt[]> = {
  '0': [
    [0.3, 0],
    [0.55, 0.15],
    [0.6, 0.5],
    [0.5, 0.9],
    [0.3, 1],
    [0.08, 0.85],
    [0, 0.5],
    [0.08, 0.12],
    [0.3, 0],
  ],
  '1': [
    [0.12, 0.22],
    [0.35, 0],
    [0.35, 1],
  ],
  '2': [
    [0.05, 0.2],
    [0.25, 0],
    [0.5, 0.05],
    [0.55, 0.3],
    [0.3, 0.6],
    [0, 1],
    [0.6, 1],
  ],
  '3': [
    [0.05, 0.1],
    [0.3, 0],
    [0.55, 0.15],
    [0.45, 0.4],
    [0.25, 0.48],
    [0.5, 0.58],
    [0.58, 0.8],
    [0.35, 1],
    [0.02, 0.9],
  ],
  '4': [
    [0.45, 1],
    [0.45, 0],
    [0, 0.65],
    [0.6, 0.65],
  ],
  '5': [
    [0.55, 0],
    [0.1, 0],
    [0.05, 0.42],
    [0.35, 0.38],
    [0.58, 0.6],
    [0.5, 0.9],
    [0.25, 1],
    [0, 0.9],
  ],
  '6': [
    [0.5, 0.05],
    [0.25, 0],
    [0.05, 0.35],
    [0, 0.75],
    [0.2, 1],
    [0.5, 0.9],
    [0.55, 0.65],
    [0.3, 0.5],
    [0.05, 0.65],
  ],
  '7': [
    [0, 0],
    [0.6, 0],
    [0.2, 1],
  ],
  '8': [
    [0.3, 0.48],
    [0.05, 0.3],
    [0.1, 0.05],
    [0.3, 0],
    [0.5, 0.05],
    [0.55, 0.3],
    [0.3, 0.48],
    [0.02, 0.7],
    [0.1, 0.95],
    [0.3, 1],
    [0.5, 0.95],
    [0.58, 0.7],
    [0.3, 0.48],
  ],
  '9': [
    [0.55, 0.35],
    [0.3, 0.5],
    [0.05, 0.35],
    [0.1, 0.08],
    [0.35, 0],
    [0.55, 0.2],
    [0.5, 0.6],
    [0.35, 1],
  ],
};

/** A smooth path through the points (quadratic curves through the midpoints). */
function smoothPath(pts: Pt[]): string {
  if (pts.length < 3) return `M${pts.map((p) => `${p[0].toFixed(1)} ${p[1].toFixed(1)}`).join(' L')}`;
  let d = `M${pts[0]![0].toFixed(1)} ${pts[0]![1].toFixed(1)}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const [x, y] = pts[i]!;
    const [nx, ny] = pts[i + 1]!;
    const mx = i === pts.length - 2 ? nx : (x + nx) / 2;
    const my = i === pts.length - 2 ? ny : (y + ny) / 2;
    d += ` Q${x.toFixed(1)} ${y.toFixed(1)} ${mx.toFixed(1)} ${my.toFixed(1)}`;
  }
  return d;
}

/** SVG for a handwritten number whose glyphs are `height` px tall, starting at (x, baseline y). */
export function handwrittenNumber(
  rng: Rng,
  text: string,
  x: number,
  y: number,
  height: number,
  ink: string,
): string {
  const slant = rng.range(0.05, 0.25);
  const width = height * 0.6;
  const stroke = Math.max(3, height * rng.range(0.07, 0.1));
  let cx = x;
  const paths: string[] = [];
  for (const ch of text) {
    const skel = DIGITS[ch];
    if (skel) {
      const scale = height * rng.range(0.9, 1.08);
      const pts = skel.map(([u, v]): Pt => {
        const jx = rng.range(-0.04, 0.04);
        const jy = rng.range(-0.03, 0.03);
        const py = y - scale + (v + jy) * scale;
        return [cx + (u + jx) * scale + (y - py) * slant, py];
      });
      paths.push(`<path d="${smoothPath(pts)}"/>`);
    }
    cx += width * rng.range(1.05, 1.3);
  }
  return `<g fill="none" stroke="${ink}" stroke-width="${stroke.toFixed(1)}" stroke-linecap="round" stroke-linejoin="round">${paths.join('')}</g>`;
}

/** A signature scribble inside the box (x, y, w, h): a few loops and a flourish. */
export function signature(rng: Rng, x: number, y: number, w: number, h: number, ink: string): string {
  const pts: Pt[] = [];
  const n = rng.int(10, 18);
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    pts.push([
      x + t * w + rng.range(-w * 0.05, w * 0.05),
      y + h * (0.5 + 0.45 * Math.sin(t * rng.range(8, 16)) * rng.range(0.4, 1)),
    ]);
  }
  const flourish: Pt[] = [
    [x + w * rng.range(0, 0.2), y + h * rng.range(0.75, 1)],
    [x + w * 0.5, y + h * rng.range(0.85, 1.1)],
    [x + w * rng.range(0.85, 1.05), y + h * rng.range(0.6, 0.9)],
  ];
  return `<g fill="none" stroke="${ink}" stroke-width="${rng.range(3.5, 5.5).toFixed(1)}" stroke-linecap="round"><path d="${smoothPath(pts)}"/><path d="${smoothPath(flourish)}"/></g>`;
}
