// ZXing-C++ compiled to WebAssembly (zxing-wasm), called on grey pixels directly. The .wasm is
// read from the package's own file: left to itself the package would fetch it from a CDN, and a
// CATD station must never depend on (or leak to) the network to identify an acta. One instance
// per thread (per analysis worker), created on first use and kept.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import {
  BINARIZERS,
  CHARACTER_SETS,
  EAN_ADD_ON_SYMBOLS,
  TEXT_MODES,
  prepareZXingModule,
  type ZXingReaderModule,
} from 'zxing-wasm/reader';

export type Binarizer = 'LocalAverage' | 'GlobalHistogram';

/** What one read gave: the text of a valid symbol, or whether a damaged symbol was seen. */
export type CppRead = { text: string } | 'absent' | 'damaged';

/**
 * The wasm file of the installed package. In an installed app the package sits beside the archive
 * (electron-builder asarUnpack), where plain fs in a worker thread can read it.
 */
export function zxingWasmPath(): string {
  const resolved = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  return resolved.replace(/([/\\])app\.asar([/\\])/, '$1app.asar.unpacked$2');
}

/** The part of the Emscripten module used here (its typings live in @types/emscripten). */
export type ZXingCpp = ZXingReaderModule & {
  _malloc(size: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
};

let instance: Promise<ZXingCpp> | null = null;

export function zxingModule(): Promise<ZXingCpp> {
  instance ??= (async () => {
    const where = zxingWasmPath();
    const file = await fs.promises.readFile(where);
    const wasmBinary = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    return prepareZXingModule({
      overrides: {
        wasmBinary,
        // Emscripten names the file even when given its bytes: the local path, never the CDN URL.
        locateFile: () => where,
      },
      fireImmediately: true,
    }) as Promise<ZXingCpp>;
  })();
  instance.catch(() => {
    instance = null;
  });
  return instance;
}

function options(binarizer: Binarizer, reportDamage: boolean) {
  // The binding takes enums as indices (what zxing-wasm's readBarcodes does for its callers).
  return {
    formats: 'QRCode',
    tryHarder: true,
    tryRotate: true,
    tryInvert: true,
    tryDownscale: true,
    tryDenoise: false,
    binarizer: BINARIZERS.indexOf(binarizer),
    isPure: false,
    downscaleFactor: 3,
    downscaleThreshold: 500,
    minLineCount: 2,
    // One label per page: stopping at the first symbol halves the time of a read. Damaged symbols
    // are asked for only when nothing decoded (they cost a full search).
    maxNumberOfSymbols: reportDamage ? 4 : 1,
    validateOptionalChecksum: false,
    returnErrors: reportDamage,
    eanAddOnSymbol: EAN_ADD_ON_SYMBOLS.indexOf('Ignore'),
    textMode: TEXT_MODES.indexOf('Plain'),
    characterSet: CHARACTER_SETS.indexOf('Unknown'),
    tryCode39ExtendedMode: false,
  };
}

/** Reads QR symbols in a width × height grey image (row-major, one byte a pixel). */
export function readQrCpp(
  mod: ZXingCpp,
  gray: Uint8Array,
  width: number,
  height: number,
  binarizer: Binarizer = 'LocalAverage',
  reportDamage = false,
): CppRead {
  const n = width * height;
  const ptr = mod._malloc(n);
  if (!ptr) throw new Error(`zxing-wasm: cannot allocate ${n} bytes`);
  let found;
  try {
    mod.HEAPU8.set(gray.subarray(0, n), ptr);
    found = mod.readBarcodesFromPixmap(ptr, width, height, options(binarizer, reportDamage) as never);
  } finally {
    mod._free(ptr);
  }
  try {
    let damaged = false;
    for (let i = 0; i < found.size(); i++) {
      const r = found.get(i)!;
      if (r.isValid) return { text: r.text };
      damaged = true;
    }
    return damaged ? 'damaged' : 'absent';
  } finally {
    found.delete();
  }
}
