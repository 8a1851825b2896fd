// 8-bit sRGB to 8-bit grey, as libvips' colourspace('b-w') computes it: each channel to linear
// light, the luminance 0.2126 R + 0.7152 G + 0.0722 B, back through the sRGB curve (a 256-step
// table of whole levels read with linear interpolation). A grey pixel (R = G = B) is its own grey.
// Runs in an analysis worker, off the event loop: sharp's own colourspace step costs about a
// second decode's worth of CPU on a 300-dpi page, most of it on pages that are grey already. Same
// grey as libvips for every grey pixel and within one level elsewhere (153 of the 16.7 M colours).
// No Node imports: worker code.

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (y: number) => (y <= 0.0031308 ? y * 12.92 : 1.055 * y ** (1 / 2.4) - 0.055);

/** Each channel's share of the luminance, in grey levels (0–255), per 8-bit value. */
const R = new Float64Array(256);
const G = new Float64Array(256);
const B = new Float64Array(256);
for (let v = 0; v < 256; v++) {
  const lin = 255 * toLinear(v / 255);
  R[v] = 0.2126 * lin;
  G[v] = 0.7152 * lin;
  B[v] = 0.0722 * lin;
}
/** Luminance (grey levels, linear) to sRGB levels; one spare step for a luminance of exactly 255. */
const CURVE = new Float64Array(257);
for (let i = 0; i <= 256; i++) CURVE[i] = Math.round(255 * toSrgb(Math.min(1, i / 255)));

function lumaOf(r: number, g: number, b: number): number {
  const y = R[r]! + G[g]! + B[b]!;
  const k = y | 0;
  const lo = CURVE[k]!;
  return Math.round(lo + (CURVE[k + 1]! - lo) * (y - k));
}

/**
 * Each colour's grey + 1 once worked out (0: not yet), by its 24-bit RGB: a page's colours are
 * few and clustered (paper, a few inks, noise around them), so most pixels are one read here. 32 MB
 * of address space that the system maps only where colours were seen; made at the first colour.
 */
let memo: Uint16Array | null = null;

function luma(r: number, g: number, b: number): number {
  if (r === g && g === b) return g;
  memo ??= new Uint16Array(1 << 24);
  const key = (r << 16) | (g << 8) | b;
  const v = memo[key]!;
  if (v !== 0) return v - 1;
  const grey = lumaOf(r, g, b);
  memo[key] = grey + 1;
  return grey;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Grey of pixels [from, to) of an RGB page (3 bytes a pixel, the buffer starting at a multiple of 4
 * bytes) into out (1 byte a pixel). Four pixels at a time from three 32-bit words: on a grey page
 * (every pixel R = G = B) that is a few operations a pixel; a group with colour goes pixel by pixel.
 */
export function rgbToGrey(rgb: Uint8Array, out: Uint8Array, from: number, to: number): void {
  let i = from;
  if (LITTLE_ENDIAN && rgb.byteOffset % 4 === 0) {
    const words = new Uint32Array(rgb.buffer, rgb.byteOffset, rgb.byteLength >> 2);
    for (; i % 4 !== 0 && i < to; i++) out[i] = luma(rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!);
    // Pixels i..i+3 are the bytes of words k..k+2: R0 G0 B0 R1 | G1 B1 R2 G2 | B2 R3 G3 B3.
    for (let k = (3 * i) >> 2; i + 4 <= to; i += 4, k += 3) {
      const x = words[k]!;
      const y = words[k + 1]!;
      const z = words[k + 2]!;
      const colour =
        ((x ^ (x >>> 8)) & 0xffff) |
        ((x >>> 24) ^ (y & 0xff)) |
        ((y ^ (y >>> 8)) & 0xff00ff) |
        ((y >>> 24) ^ (z & 0xff)) |
        ((z ^ (z >>> 8)) & 0xffff00);
      if (colour === 0) {
        out[i] = x >>> 8;
        out[i + 1] = y;
        out[i + 2] = y >>> 24;
        out[i + 3] = z >>> 16;
      } else {
        out[i] = luma(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff);
        out[i + 1] = luma(x >>> 24, y & 0xff, (y >>> 8) & 0xff);
        out[i + 2] = luma((y >>> 16) & 0xff, y >>> 24, z & 0xff);
        out[i + 3] = luma((z >>> 8) & 0xff, (z >>> 16) & 0xff, z >>> 24);
      }
    }
  }
  for (; i < to; i++) out[i] = luma(rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!);
}
