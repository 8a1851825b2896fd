// Hostile image files, built in the test so nothing large lives in the repository: bombs whose
// headers promise gigapixels, files cut short, files in the wrong format, and awkward but honest
// encodings (16-bit, CMYK, alpha, multi-page) of a real acta page.
import zlib from 'node:zlib';
import sharp from 'sharp';
import { encodePage, LETTER_DPI, renderActaPage } from '../../../../sim/acta/page';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A complete, valid PNG of side×side 1-bit grey pixels, all zero: every scanline is really there
 * in the zlib stream, so a decoder that trusts the header fills side² bytes (2.5 GB at 50000).
 * The stream is built from one full-flushed deflate block repeated (identical, since a full
 * flush resets the history), so making it costs milliseconds, not a 300 MB deflate.
 */
export function pngZeroBomb(side = 50_000): Buffer {
  const rowBytes = 1 + Math.ceil(side / 8); // filter byte + packed bits
  const rowsPerBlock = 200;
  const blockRaw = Buffer.alloc(rowBytes * rowsPerBlock);
  const block = zlib.deflateRawSync(blockRaw, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const fullBlocks = Math.floor(side / rowsPerBlock);
  const restRows = side - fullBlocks * rowsPerBlock;
  const tail = zlib.deflateRawSync(Buffer.alloc(rowBytes * restRows), { level: 9 }); // final block
  const total = rowBytes * side;
  // Adler-32 of `total` zero bytes: a stays 1, b adds 1 per byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  const zstream = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array.from({ length: fullBlocks }, () => block),
    tail,
    adler,
  ]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zstream),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real JPEG whose frame header (SOFn) is rewritten to claim width×height. */
export function jpegWithDeclaredSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  let i = 2;
  while (i + 9 < out.length && out[i] === 0xff) {
    const marker = out[i + 1]!;
    const len = out.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

/** A real little-endian TIFF whose first IFD is rewritten to claim width×height. */
export function tiffWithDeclaredSize(tiff: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(tiff);
  if (out.readUInt16LE(0) !== 0x4949) throw new Error('expected a little-endian TIFF');
  const ifd = out.readUInt32LE(4);
  const n = out.readUInt16LE(ifd);
  for (let e = 0; e < n; e++) {
    const at = ifd + 2 + e * 12;
    const tag = out.readUInt16LE(at);
    const type = out.readUInt16LE(at + 2);
    const value = tag === 256 ? width : tag === 257 ? height : null;
    if (value === null) continue;
    if (type === 3) {
      out.writeUInt16LE(3, at + 2);
      out.writeUInt16LE(value, at + 8);
    } else out.writeUInt32LE(value, at + 8);
  }
  return out;
}

/** One real acta page (grey, 300 dpi, with its QR label), encoded several ways. */
export interface ActaSamples {
  png: Buffer;
  jpeg: Buffer;
  tiff: Buffer;
}

let samples: Promise<ActaSamples> | undefined;
export function actaSamples(): Promise<ActaSamples> {
  samples ??= (async () => {
    const { page } = await renderActaPage({ seed: 4242, colour: 'grey' });
    const png = await encodePage(page, 'png');
    const jpeg = await encodePage(page, 'jpeg');
    const tiff = await sharp(png).withDensity(LETTER_DPI).tiff({ compression: 'lzw' }).toBuffer();
    return { png, jpeg, tiff };
  })();
  return samples;
}

/** A deterministic stream of bytes (the tests must not depend on the run). */
export function pseudoRandomBytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}
