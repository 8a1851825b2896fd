// sRGB to grey as libvips' b-w does it (the grey the gate has always judged): each channel to
// linear light, luminance Y = 0.2126 R + 0.7152 G + 0.0722 B, and back through the sRGB curve.
// Done here in whole numbers with tables, by the two analysis workers on half the rows each,
// instead of by libvips' float pipeline on the decode's critical path (20–40 ms on a 300-dpi
// colour page). Pure loops over typed arrays: no Node imports.

/** Linear light of each channel is kept in this many bits, weighted so that the three sum to at most 2^28. */
const LIN_BITS = 28;
/** The sum is looked up in the curve table at this many bits. */
const CURVE_BITS = 16;

const toLinear = (v: number): number => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};
const toSrgb = (y: number): number => {
  const c = y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, c)) * 255);
};

function weighted(weight: number): Int32Array {
  const t = new Int32Array(256);
  for (let v = 0; v < 256; v++) t[v] = Math.round(weight * toLinear(v) * 2 ** LIN_BITS);
  return t;
}

let tables: { r: Int32Array; g: Int32Array; b: Int32Array; curve: Uint8Array } | null = null;

function lumaTables() {
  if (tables) return tables;
  const curve = new Uint8Array((1 << CURVE_BITS) + 1);
  for (let i = 0; i < curve.length; i++) curve[i] = toSrgb((i + 0.5) / (1 << CURVE_BITS));
  // The weights' rounding may push white a hair past 2^28: the curve's last entry is white too.
  tables = { r: weighted(0.2126), g: weighted(0.7152), b: weighted(0.0722), curve };
  return tables;
}

/**
 * Grey levels of rows [from, to) of a packed 8-bit sRGB page, written into `gray`. Four pixels at
 * a time where the rows allow: their twelve bytes read as three little-endian words and their
 * four grey levels stored as one (a third of the reads and a quarter of the writes).
 */
export function srgbToGrey(rgb: Uint8Array, gray: Uint8Array, width: number, from: number, to: number): void {
  const { r, g, b, curve } = lumaTables();
  const shift = LIN_BITS - CURVE_BITS;
  const last = curve.length - 1;
  const end = to * width;
  let i = from * width;
  const one = (k: number): number => {
    const y = (r[rgb[k * 3]!]! + g[rgb[k * 3 + 1]!]! + b[rgb[k * 3 + 2]!]!) >> shift;
    return curve[y < last ? y : last]!;
  };
  const aligned = rgb.byteOffset % 4 === 0 && gray.byteOffset % 4 === 0;
  if (aligned) {
    for (; i < end && i % 4 !== 0; i++) gray[i] = one(i);
    const words = new Uint32Array(rgb.buffer, rgb.byteOffset, Math.floor(rgb.length / 4));
    const out = new Uint32Array(gray.buffer, gray.byteOffset, Math.floor(gray.length / 4));
    for (; i + 4 <= end; i += 4) {
      const w = (i * 3) >> 2;
      const w0 = words[w]!;
      const w1 = words[w + 1]!;
      const w2 = words[w + 2]!;
      const y0 = (r[w0 & 255]! + g[(w0 >>> 8) & 255]! + b[(w0 >>> 16) & 255]!) >> shift;
      const y1 = (r[w0 >>> 24]! + g[w1 & 255]! + b[(w1 >>> 8) & 255]!) >> shift;
      const y2 = (r[(w1 >>> 16) & 255]! + g[w1 >>> 24]! + b[w2 & 255]!) >> shift;
      const y3 = (r[(w2 >>> 8) & 255]! + g[(w2 >>> 16) & 255]! + b[w2 >>> 24]!) >> shift;
      out[i >> 2] =
        curve[y0 < last ? y0 : last]! |
        (curve[y1 < last ? y1 : last]! << 8) |
        (curve[y2 < last ? y2 : last]! << 16) |
        (curve[y3 < last ? y3 : last]! << 24);
    }
  }
  for (; i < end; i++) gray[i] = one(i);
}
