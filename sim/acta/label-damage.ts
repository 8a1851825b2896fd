// Damaged QR labels as real scanners deliver them: the top-right corner of an acta (the gate's
// default QR region, 0.4 × 0.3 of a letter page at 300 dpi) with its label, put through one class
// of damage a scan really suffers — sensor noise, banding, blur, low contrast, gamma, JPEG (one or
// two generations), skew and quarter turns, a low-dpi scan upsampled, partial print and scratches,
// a colour scan turned grey — or a mix of several. The label itself varies too (module size,
// error-correction level, position, ink), so a decoder is not tuned to one printer's idea of it.
// Everything is decided by the seed.
import QRCode from 'qrcode';
import sharp, { type KernelEnum, type Sharp } from 'sharp';
import { formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';
import { qrSvg, randomActaKey } from './page';
import { createRng, type Rng } from './rng';

export const LABEL_DAMAGES = [
  'clean',
  'noise',
  'banding',
  'blur',
  'contrast',
  'gamma',
  'jpeg',
  'jpeg2',
  'rotation',
  'quarter',
  'resample',
  'partial',
  'colour',
  'mixed',
] as const;
export type LabelDamage = (typeof LABEL_DAMAGES)[number];

/** The patch: 0.4 × 0.3 of a 2550 × 3300 page, where the gate looks for the label first. */
export const PATCH_WIDTH = 1020;
export const PATCH_HEIGHT = 990;

export interface DamagedLabel {
  gray: Uint8Array;
  width: number;
  height: number;
  key: ActaKey;
  /** What the QR holds. */
  text: string;
  damage: LabelDamage;
  /** The drawn parameters, to tell a failing case apart (σ, q, angle, …). */
  params: Record<string, number | string>;
}

const KERNELS: KernelEnum[keyof KernelEnum][] = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos3'];

function labelSvg(rng: Rng, text: string, params: DamagedLabel['params']): string {
  const ec = rng.pick(['L', 'M', 'M', 'Q'] as const);
  const module = rng.range(6, 10);
  const qr = QRCode.create(text, { errorCorrectionLevel: ec });
  const n = qr.modules.size;
  const size = n * module;
  const boxW = Math.max(540, size + 8 * module);
  const boxH = size + 180;
  const left = rng.int(200, PATCH_WIDTH - boxW - 40);
  const top = rng.int(60, PATCH_HEIGHT - boxH - 40);
  const x0 = left + (boxW - size) / 2;
  const y0 = top + 40;
  Object.assign(params, {
    ec,
    module: +module.toFixed(2),
    qx: Math.round(x0),
    qy: Math.round(y0),
    size: Math.round(size),
  });
  // Page context around the label: the header text and the identification box's frame.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PATCH_WIDTH}" height="${PATCH_HEIGHT}">
<rect width="100%" height="100%" fill="#fff"/>
<text x="-200" y="215" font-family="DejaVu Sans" font-size="54" font-weight="bold">INSTITUTO NACIONAL ELECTORAL</text>
<rect x="-40" y="${top + boxH + 30}" width="300" height="300" fill="none" stroke="#000" stroke-width="4"/>
<rect x="${left}" y="${top}" width="${boxW}" height="${boxH}" fill="#fff" stroke="#000" stroke-width="3"/>
<g shape-rendering="crispEdges">${qrSvg(text, x0, y0, module, ec)}</g>
<text x="${left + boxW / 2}" y="${top + boxH - 40}" font-family="DejaVu Sans Mono" font-size="25" text-anchor="middle">${text.replace(/\|/g, ' ')}</text>
</svg>`;
}

function gauss(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

type Img = { data: Buffer; width: number; height: number; channels: 1 | 3 };

const raw = (img: Img) =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } });

async function out(s: Sharp, channels: 1 | 3): Promise<Img> {
  const { data, info } = await (channels === 1 ? s.extractChannel(0) : s.removeAlpha())
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels };
}

function perPixel(img: Img, f: (v: number, i: number) => number): void {
  const d = img.data;
  for (let i = 0; i < d.length; i++) {
    const v = f(d[i]!, i);
    d[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

/** Standard normal draws, made once: indexing them with a fast hash keeps 1 M pixels under 10 ms. */
const NORMALS = (() => {
  const rng = createRng(0x9e3779b9);
  return Float32Array.from({ length: 1 << 16 }, () => gauss(rng));
})();

function addNoise(img: Img, rng: Rng, sigma: number): void {
  let s = (rng.next() * 0xffffffff) >>> 0 || 1;
  perPixel(img, (v) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return v + sigma * NORMALS[s & 0xffff]!;
  });
}

async function blur(img: Img, sigma: number): Promise<Img> {
  return out(raw(img).blur(Math.max(0.3, sigma)), img.channels);
}

async function jpeg(img: Img, quality: number): Promise<Img> {
  const bytes = await raw(img).jpeg({ quality, mozjpeg: false }).toBuffer();
  return out(sharp(bytes), img.channels);
}

async function rotate(img: Img, degrees: number, paper: number): Promise<Img> {
  const bg = { r: paper, g: paper, b: paper, alpha: 1 };
  return out(raw(img).rotate(degrees, { background: bg }), img.channels);
}

/** Scanned at `dpi` (the sensor's resolution), delivered at 300 dpi: two different kernels. */
async function resample(img: Img, dpi: number, down: string, up: string): Promise<Img> {
  const w = Math.round((img.width * dpi) / 300);
  const small = await out(raw(img).resize(w, null, { kernel: down as never }), img.channels);
  return out(raw(small).resize(img.width, img.height, { kernel: up as never, fit: 'fill' }), img.channels);
}

/** Faded ink over a band, missing specks of toner and scratches across the symbol. */
function partialPrint(img: Img, rng: Rng, p: DamagedLabel['params'], paper: number): void {
  const { width: W, height: H } = img;
  const m = Number(p.module);
  const qx = Number(p.qx);
  const qy = Number(p.qy);
  const span = Number(p.size);
  const fade = rng.range(0.2, 0.45);
  const bandY = qy + rng.range(0, span * 0.7);
  const bandH = rng.range(span * 0.1, span * 0.3);
  const specks = rng.int(3, 15);
  const holes: Array<[number, number, number]> = [];
  for (let i = 0; i < specks; i++)
    holes.push([qx + rng.range(0, span), qy + rng.range(0, span), rng.range(1, m * 0.45)]);
  const scratches = rng.int(0, 2);
  const lines: Array<{ y0: number; slope: number; w: number; light: boolean }> = [];
  for (let i = 0; i < scratches; i++)
    lines.push({
      y0: qy + rng.range(0, span),
      slope: rng.range(-0.15, 0.15),
      w: rng.range(1, 2.5),
      light: rng.next() < 0.6,
    });
  Object.assign(p, { fade: +fade.toFixed(2), specks, scratches });
  for (let y = Math.max(0, Math.floor(bandY)); y < Math.min(H, bandY + bandH); y++)
    for (let x = 0; x < W; x++)
      img.data[y * W + x] = img.data[y * W + x]! + (paper - img.data[y * W + x]!) * fade;
  // Specks and scratches only on and just around the symbol.
  const x0 = Math.max(0, Math.floor(qx - m));
  const x1 = Math.min(W, Math.ceil(qx + span + m));
  for (let y = Math.max(0, Math.floor(qy - span * 0.2)); y < Math.min(H, qy + span * 1.2); y++)
    for (let x = x0; x < x1; x++) {
      const i = y * W + x;
      let v = img.data[i]!;
      for (const [hx, hy, r] of holes) if ((x - hx) ** 2 + (y - hy) ** 2 < r * r) v = paper;
      for (const l of lines)
        if (x < qx + span && Math.abs(y - (l.y0 + (x - qx) * l.slope)) < l.w / 2) v = l.light ? paper : 40;
      img.data[i] = v;
    }
}

export async function damagedLabel(seed: number, damage: LabelDamage): Promise<DamagedLabel> {
  const rng = createRng(seed * 7919 + LABEL_DAMAGES.indexOf(damage));
  const key = randomActaKey(rng);
  const text = formatActaKeyLabel(key);
  const params: DamagedLabel['params'] = {};
  const colour = damage === 'colour';
  const channels = colour ? 3 : 1;
  const svg = labelSvg(rng, text, params);
  let img = await out(
    sharp(Buffer.from(svg), { density: 72 }).flatten({ background: '#fff' }).blur(rng.range(0.55, 0.75)),
    channels,
  );
  let paper = rng.range(225, 250);
  let inkFloor = rng.range(15, 40);
  if (damage === 'contrast') {
    paper = rng.range(150, 235);
    inkFloor = paper - rng.range(45, 90);
    params.contrast = Math.round(paper - inkFloor);
  }
  const tint = colour ? [1, rng.range(0.95, 1), rng.range(0.88, 0.99)] : [1];
  const gain = (paper - inkFloor) / 255;
  perPixel(img, (v, i) => (inkFloor + v * gain) * tint[i % channels]!);
  const sensor = () => addNoise(img, rng, rng.range(1.5, 3));
  switch (damage) {
    case 'clean':
      sensor();
      break;
    case 'noise': {
      const sigma = rng.range(4, 20);
      params.sigma = +sigma.toFixed(1);
      addNoise(img, rng, sigma);
      break;
    }
    case 'banding': {
      // A line sensor: each column its own gain and offset (streaks along the feed), plus
      // brightness bands across it from the lamp.
      const amp = rng.range(5, 25);
      const period = rng.range(20, 300);
      const cols = Array.from({ length: img.width }, () => amp * 0.5 * gauss(rng));
      params.amp = +amp.toFixed(1);
      perPixel(img, (v, i) => {
        const y = Math.floor(i / img.width);
        return v + cols[i % img.width]! + amp * Math.sin((2 * Math.PI * y) / period);
      });
      addNoise(img, rng, rng.range(3, 8));
      break;
    }
    case 'blur': {
      const sigma = rng.range(0.5, 2);
      params.sigma = +sigma.toFixed(2);
      img = await blur(img, sigma);
      sensor();
      break;
    }
    case 'contrast':
      addNoise(img, rng, rng.range(3, 6));
      break;
    case 'gamma': {
      const g = rng.pick([rng.range(0.45, 0.8), rng.range(1.3, 2.2)]);
      params.gamma = +g.toFixed(2);
      const lut = Array.from({ length: 256 }, (_, v) => 255 * (v / 255) ** g);
      perPixel(img, (v) => lut[v]!);
      sensor();
      break;
    }
    case 'jpeg':
    case 'jpeg2': {
      sensor();
      addNoise(img, rng, rng.range(1, 5));
      const q1 = rng.int(30, 90);
      params.q1 = q1;
      img = await jpeg(img, q1);
      if (damage === 'jpeg2') {
        const q2 = rng.int(30, 90);
        params.q2 = q2;
        img = await jpeg(img, q2);
      }
      break;
    }
    case 'rotation':
    case 'quarter': {
      sensor();
      const small = rng.range(-3, 3) * (damage === 'quarter' ? 0.3 : 1);
      const angle = damage === 'quarter' ? rng.pick([90, 180, 270]) + small : small;
      params.angle = +angle.toFixed(2);
      img = await rotate(img, angle, paper);
      break;
    }
    case 'resample': {
      const dpi = rng.pick([150, 200]);
      const down = rng.pick(KERNELS);
      const up = rng.pick(KERNELS);
      Object.assign(params, { dpi, down, up });
      // The sensor's noise is at its own resolution, so it is added after the downscale.
      const w = Math.round((img.width * dpi) / 300);
      const small = await out(raw(img).resize(w, null, { kernel: down }), 1);
      addNoise(small, rng, rng.range(2, 6));
      img = await out(raw(small).resize(img.width, img.height, { kernel: up, fit: 'fill' }), 1);
      break;
    }
    case 'partial':
      partialPrint(img, rng, params, paper);
      sensor();
      break;
    case 'colour': {
      addNoise(img, rng, rng.range(3, 10));
      const q = rng.int(60, 92);
      params.q = q;
      const bytes = await raw(img).jpeg({ quality: q, chromaSubsampling: '4:2:0' }).toBuffer();
      img = await out(sharp(bytes).toColourspace('b-w'), 1);
      break;
    }
    case 'mixed': {
      // An ordinary office scanner: a bit of everything at moderate strength.
      const sigma = rng.range(3, 12);
      const angle = rng.range(-1.5, 1.5);
      Object.assign(params, { sigma: +sigma.toFixed(1), angle: +angle.toFixed(2) });
      if (rng.next() < 0.5) img = await blur(img, rng.range(0.4, 1.2));
      if (rng.next() < 0.4) img = await resample(img, 200, rng.pick(KERNELS), rng.pick(KERNELS));
      addNoise(img, rng, sigma);
      img = await rotate(img, angle, paper);
      const q = rng.int(45, 92);
      params.q = q;
      img = await jpeg(img, q);
      break;
    }
  }
  if (img.channels === 3) img = await out(raw(img).toColourspace('b-w'), 1);
  return {
    gray: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength),
    width: img.width,
    height: img.height,
    key,
    text,
    damage,
    params,
  };
}

/** The damaged label as the PNG a scanner would save (to look at a failing case). */
export function damagedLabelPng(d: DamagedLabel): Promise<Buffer> {
  return sharp(d.gray, { raw: { width: d.width, height: d.height, channels: 1 } })
    .png()
    .toBuffer();
}
