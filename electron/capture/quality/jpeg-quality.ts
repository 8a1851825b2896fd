// The quality a JPEG was saved with, estimated from its luminance quantisation table (the IJG
// scaling of the standard table): cheaper and surer than judging artefacts from pixels, and it
// needs only the file header.

const STD_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22,
  29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103,
  121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** Estimated IJG quality 1–100 of a JPEG file, or null when it is not a JPEG or has no table 0. */
export function estimateJpegQuality(bytes: Uint8Array): number | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan
    const len = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (len < 2 || i + 2 + len > bytes.length) return null;
    if (marker === 0xdb) {
      let p = i + 4;
      const end = i + 2 + len;
      while (p < end) {
        const pq = bytes[p]! >> 4;
        const tq = bytes[p]! & 0x0f;
        const size = pq ? 128 : 64;
        if (p + 1 + size > end) return null;
        if (tq === 0) {
          // Baseline tables clamp at 255 at low qualities: compare only the entries that were not.
          let sum = 0;
          let std = 0;
          for (let k = 0; k < 64; k++) {
            const v = pq ? (bytes[p + 1 + 2 * k]! << 8) | bytes[p + 2 + 2 * k]! : bytes[p + 1 + k]!;
            if (v >= 255) continue;
            sum += v;
            std += STD_LUMA[k]!;
          }
          if (std === 0) return 1;
          // IJG: table = std × scale/100, scale = 5000/q (q < 50) or 200 − 2q.
          const scale = (sum * 100) / std;
          const q = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
          return Math.max(1, Math.min(100, Math.round(q)));
        }
        p += 1 + size;
      }
    }
    i += 2 + len;
  }
  return null;
}
