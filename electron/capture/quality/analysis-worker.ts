// The analysis worker: every JS loop over pixels (measurements, QR decoding) runs here, so the
// core's event loop stays free for the UI, devices and links while a page is judged. A page comes
// as two requests on the same shared pixels, tone and layout (with the QR), so that two workers
// judge it side by side. The file is decoded here too (sharp, then RGB to grey): the decoded page
// then never passes through the core's event loop.
import { parentPort } from 'node:worker_threads';
import { scanQr, type QrScan, type Region } from '../identify/qr';
import { zxingModule } from '../identify/zxing-cpp';
import { decodeInto } from './decode';
import { ImageInputError, type QualityErrorCode } from './types';
import { measureLayout, measureTone, type LayoutMeasurements, type ToneMeasurements } from './metrics';

export type AnalysisPart = 'tone' | 'layout';

/**
 * Half a page's measurements on its grey pixels (shared with the other worker), or (part
 * 'decode', before them, in the decoding worker) the file decoded to those grey pixels.
 */
export type AnalysisRequest =
  | { id: number; part: AnalysisPart; gray: Uint8Array; width: number; height: number; qrRegion: Region }
  | {
      id: number;
      part: 'decode';
      /** The file, in shared memory: one copy on the event loop, none in the message. */
      bytes: Uint8Array;
      asIs: boolean;
      maxInputPixels: number;
      width: number;
      height: number;
    };

/** A request before the pool numbers it. */
export type AnalysisJob = AnalysisRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * A message posted across the worker boundary (structured clone), answered by request id: it
 * stays a flat wire shape rather than a Result. The gate turns `ok: false` into its
 * quality.error.internal failure.
 */
export type AnalysisResponse =
  /** A file sharp could not decode is an answer (its code and detail), not a failed analysis. */
  | {
      id: number;
      ok: true;
      part: 'decode';
      /** The grey page, in memory the analysis workers share; null when refused. */
      gray: Uint8Array | null;
      refused: { code: QualityErrorCode; detail: string } | null;
      ms: { decode: number };
    }
  | { id: number; ok: true; part: 'tone'; tone: ToneMeasurements; ms: { measure: number } }
  | {
      id: number;
      ok: true;
      part: 'layout';
      layout: LayoutMeasurements;
      qr: QrScan;
      ms: { measure: number; qr: number };
    }
  | { id: number; ok: false; message: string };

// The QR decoder (WebAssembly) is compiled once per worker, as it starts: not on its first page.
if (parentPort) void zxingModule();

async function analyse(req: AnalysisRequest): Promise<AnalysisResponse> {
  const t0 = performance.now();
  if (req.part === 'decode') {
    let gray: Uint8Array | null = new Uint8Array(new SharedArrayBuffer(req.width * req.height));
    let refused = null;
    try {
      await decodeInto(req.bytes, req.asIs, req.maxInputPixels, gray, req.width, req.height);
    } catch (err) {
      if (!(err instanceof ImageInputError)) throw err;
      refused = { code: err.code, detail: err.message };
      gray = null;
    }
    const ms = { decode: performance.now() - t0 };
    return { id: req.id, ok: true, part: 'decode', gray, refused, ms };
  }
  if (req.part === 'tone') {
    const tone = measureTone(req.gray, req.width, req.height);
    return { id: req.id, ok: true, part: 'tone', tone, ms: { measure: performance.now() - t0 } };
  }
  const layout = measureLayout(req.gray, req.width, req.height);
  const t1 = performance.now();
  const qr = await scanQr(req.gray, req.width, req.height, req.qrRegion);
  const ms = { measure: t1 - t0, qr: performance.now() - t1 };
  return { id: req.id, ok: true, part: 'layout', layout, qr, ms };
}

parentPort?.on('message', async (req: AnalysisRequest) => {
  try {
    parentPort!.postMessage(await analyse(req));
  } catch (err) {
    parentPort!.postMessage({ id: req.id, ok: false, message: String((err as Error)?.stack ?? err) });
  }
});
