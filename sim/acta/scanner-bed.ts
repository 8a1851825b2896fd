// A sheet scanned on a scanner that shows its bed (or lid, or the feeder's backing) around the
// page: the sheet is placed rotated and possibly shifted on a bed of some colour, brightness and
// noise, with an optional shadow along its edge and an optional folded corner that shows the bed.
// Takes the page before the sensor (RenderedActa.optical) and adds the sensor's noise at the end,
// so the sheet, its edge and the bed are grainy alike. The sheet is mapped pixel by pixel from the
// output back onto the page (bilinear), so its edge is antialiased like a real scan's.
import { addSensorNoise, type RawPage } from './page';
import { createRng } from './rng';
import { paperLevel, type Corner } from './defects';

export interface BedSpec {
  /** Grey level of the bed (0–255), or its colour; a grey page sees the colour's luma. */
  level?: number;
  rgb?: readonly [number, number, number];
  /** Amplitude (± levels) of the bed's own mottle, on top of the sensor noise. */
  noise?: number;
}

export interface ScannerBedSpec {
  bed: BedSpec;
  /** Bed shown around the sheet before any shift, mm: one figure for all sides or one per side. */
  marginsMm: number | { top: number; bottom: number; left: number; right: number };
  /** Rotation of the sheet, degrees (positive = clockwise). */
  degrees: number;
  /** Moves the sheet (mm; +x right, +y down): past the margin, that part leaves the image. */
  shiftMm?: { x: number; y: number };
  /** A corner folded over: `legPx` along each edge (px at 300 dpi) shows what lies behind the sheet. */
  fold?: { corner: Corner; legPx: number; behind?: 'bed' | 'whiteLid' };
  /** A dark line along the sheet's edge (its shadow on the bed): darkness 0–1, width px. */
  shadow?: { darkness: number; widthPx: number };
  /** Draws the bed mottle and the sensor noise. */
  seed?: number;
}

const PX_PER_MM = 300 / 25.4;

function bedColour(bed: BedSpec, channels: 1 | 3): number[] {
  const rgb = bed.rgb ?? [bed.level ?? 20, bed.level ?? 20, bed.level ?? 20];
  return channels === 3 ? [...rgb] : [0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]];
}

/** The sheet, before the sensor, placed on the bed; sensor noise is added last. */
export function scanOnBed(optical: RawPage, spec: ScannerBedSpec): RawPage {
  const { width: W, height: H, channels: C } = optical;
  const m =
    typeof spec.marginsMm === 'number'
      ? { top: spec.marginsMm, bottom: spec.marginsMm, left: spec.marginsMm, right: spec.marginsMm }
      : spec.marginsMm;
  const px = (mm: number) => Math.round(mm * PX_PER_MM);
  const outW = W + px(m.left) + px(m.right);
  const outH = H + px(m.top) + px(m.bottom);
  const cx = px(m.left) + W / 2 + px(spec.shiftMm?.x ?? 0);
  const cy = px(m.top) + H / 2 + px(spec.shiftMm?.y ?? 0);
  const rad = (spec.degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const bed = bedColour(spec.bed, C);
  const rng = createRng(spec.seed ?? 1);
  const mottle = spec.bed.noise ?? 0;
  const paper = paperLevel(optical);
  const fold = spec.fold;
  const lid = fold?.behind === 'whiteLid' ? bedColour({ level: 250 }, C) : bed;
  const shadow = spec.shadow;
  const out = Buffer.alloc(outW * outH * C);
  const src = optical.data;
  const flapTone = new Array<number>(C);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      // Output pixel → sheet coordinates (inverse rotation about the sheet's centre).
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = cos * dx + sin * dy + W / 2 - 0.5;
      const v = -sin * dx + cos * dy + H / 2 - 0.5;
      // Outside distance (px) from the sheet's edge; coverage antialiases the edge.
      const outside = Math.max(-0.5 - u, u - (W - 0.5), -0.5 - v, v - (H - 0.5));
      const cover = outside >= 0.5 ? 0 : outside <= -0.5 ? 1 : 0.5 - outside;
      const o = (y * outW + x) * C;
      const shade =
        shadow && outside > 0 && outside < shadow.widthPx
          ? 1 - shadow.darkness * (1 - outside / shadow.widthPx)
          : 1;
      const noise = mottle ? (rng.next() - 0.5) * 2 * mottle : 0;
      if (cover === 0) {
        for (let c = 0; c < C; c++) out[o + c] = clamp(bed[c]! * shade + noise);
        continue;
      }
      const fu = u < 0 ? 0 : u > W - 1 ? W - 1 : u;
      const fv = v < 0 ? 0 : v > H - 1 ? H - 1 : v;
      let flap = false;
      if (fold) {
        const cu = fold.corner === 'topLeft' || fold.corner === 'bottomLeft' ? fu : W - 1 - fu;
        const cv = fold.corner === 'topLeft' || fold.corner === 'topRight' ? fv : H - 1 - fv;
        const sum = cu + cv;
        if (sum < fold.legPx) {
          for (let c = 0; c < C; c++) out[o + c] = clamp(lid[c]! + noise);
          continue;
        }
        if (sum < 2 * fold.legPx && cu < fold.legPx && cv < fold.legPx) {
          // The flap: the blank back of the sheet, with the crease's shadow along the fold.
          const crease = sum - fold.legPx;
          flapTone.fill(paper - 8 - (crease < 10 ? 35 * (1 - crease / 10) : 0));
          flap = true;
        }
      }
      const x0 = Math.floor(fu);
      const y0 = Math.floor(fv);
      const x1 = x0 + 1 < W ? x0 + 1 : x0;
      const y1 = y0 + 1 < H ? y0 + 1 : y0;
      const fx = fu - x0;
      const fy = fv - y0;
      for (let c = 0; c < C; c++) {
        const sheet = flap
          ? flapTone[c]!
          : (src[(y0 * W + x0) * C + c]! * (1 - fx) + src[(y0 * W + x1) * C + c]! * fx) * (1 - fy) +
            (src[(y1 * W + x0) * C + c]! * (1 - fx) + src[(y1 * W + x1) * C + c]! * fx) * fy;
        out[o + c] = clamp(sheet * cover + (bed[c]! * shade + noise) * (1 - cover));
      }
    }
  }
  return addSensorNoise({ data: out, width: outW, height: outH, channels: C }, spec.seed ?? 1);
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
