// QR decoding from a grey buffer with ZXing-C++ (zxing-wasm): the label region first, with
// retries there that pay on real scans (a global binariser for faded print, a light blur for
// sensor noise, half scale for coarse noise, ink or paper spread for scratches and specks), then the whole page once when the
// label is not where expected. It runs in the quality gate's analysis worker, never on the core's
// event loop. On the damaged-label bench (`npm run bench -- qr`, 60 labels × 14 classes) the
// @zxing/library reader used before read 76% of keys (0% of noisy labels); this reads 99.9%, no
// wrong key, in half its median time (tests/electron/capture/identify/qr-damage.test.ts).
import { readQrCpp, zxingModule, type CppRead, type ZXingCpp } from './zxing-cpp';

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type QrScan =
  | { found: true; text: string; where: 'label' | 'page' }
  /** "absent": no symbol seen; "damaged": a symbol was seen but would not decode. */
  | { found: false; why: 'absent' | 'damaged' };

/** Clamps a region given as fractions of the page to whole pixels inside it. */
export function regionInPixels(frac: Region, w: number, h: number): Region {
  const left = Math.max(0, Math.min(w - 1, Math.floor(frac.left * w)));
  const top = Math.max(0, Math.min(h - 1, Math.floor(frac.top * h)));
  return {
    left,
    top,
    width: Math.max(1, Math.min(w - left, Math.ceil(frac.width * w))),
    height: Math.max(1, Math.min(h - top, Math.ceil(frac.height * h))),
  };
}

function crop(gray: Uint8Array, w: number, r: Region): Uint8Array {
  const out = new Uint8Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) {
    const from = (r.top + y) * w + r.left;
    out.set(gray.subarray(from, from + r.width), y * r.width);
  }
  return out;
}

/** 3 × 3 box blur (two running sums): evens out sensor noise and hairline scratches. */
export function boxBlur3(g: Uint8Array, w: number, h: number): Uint8Array {
  const rows = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++)
      rows[o + x] = g[o + Math.max(0, x - 1)]! + g[o + x]! + g[o + Math.min(w - 1, x + 1)]!;
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w;
    const down = Math.min(h - 1, y + 1) * w;
    const o = y * w;
    for (let x = 0; x < w; x++) out[o + x] = (rows[up + x]! + rows[o + x]! + rows[down + x]! + 4) / 9;
  }
  return out;
}

/** Half size by 2 × 2 averaging: a label's modules stay ≥ 3 px, grain averages out. */
export function halfScale(g: Uint8Array, w: number, h: number): { gray: Uint8Array; w: number; h: number } {
  const W = w >> 1;
  const H = h >> 1;
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = 2 * y * w + 2 * x;
      out[y * W + x] = (g[i]! + g[i + 1]! + g[i + w]! + g[i + w + 1]! + 2) >> 2;
    }
  return { gray: out, w: W, h: H };
}

/**
 * 3 × 3 minimum (ink spreads: hairline light scratches and toner specks close) or maximum (paper
 * spreads: hairline dark scratches vanish), as two 1-D passes.
 */
export function spread3(g: Uint8Array, w: number, h: number, ink: boolean): Uint8Array {
  const pick = ink ? Math.min : Math.max;
  const rows = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++)
      rows[o + x] = pick(g[o + Math.max(0, x - 1)]!, g[o + x]!, g[o + Math.min(w - 1, x + 1)]!);
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w;
    const down = Math.min(h - 1, y + 1) * w;
    const o = y * w;
    for (let x = 0; x < w; x++) out[o + x] = pick(rows[up + x]!, rows[o + x]!, rows[down + x]!);
  }
  return out;
}

/** The label crop, then the retries in order of what they recovered on the bench per ms spent. */
function readLabel(mod: ZXingCpp, g: Uint8Array, w: number, h: number): CppRead {
  const attempts: Array<() => CppRead> = [
    () => readQrCpp(mod, g, w, h),
    () => readQrCpp(mod, g, w, h, 'GlobalHistogram'),
    () => readQrCpp(mod, boxBlur3(g, w, h), w, h),
    () => {
      const s = halfScale(g, w, h);
      return readQrCpp(mod, s.gray, s.w, s.h);
    },
    () => readQrCpp(mod, spread3(g, w, h, true), w, h),
    () => readQrCpp(mod, spread3(g, w, h, false), w, h),
  ];
  for (const attempt of attempts) {
    const r = attempt();
    if (typeof r === 'object') return r;
  }
  return 'absent';
}

export async function scanQr(gray: Uint8Array, w: number, h: number, labelRegion: Region): Promise<QrScan> {
  const mod = await zxingModule();
  const r = regionInPixels(labelRegion, w, h);
  const label = readLabel(mod, crop(gray, w, r), r.width, r.height);
  if (typeof label === 'object') return { found: true, text: label.text, where: 'label' };
  const page = readQrCpp(mod, gray, w, h, 'LocalAverage', true);
  if (typeof page === 'object') return { found: true, text: page.text, where: 'page' };
  return { found: false, why: page };
}
