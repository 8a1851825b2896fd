// The analysis worker: every JS loop over pixels (measurements, QR decoding) runs here, so the
// core's event loop stays free for the UI, devices and links while a page is judged. A page comes
// as two requests on the same shared pixels, tone and layout (with the QR), so that two workers
// judge it side by side; a colour page first comes as two 'luma' requests, half the rows each.
// New shared memory comes as a 'touch' request, so that its first writes are made here.
import { parentPort } from 'node:worker_threads';
import { scanQr, type QrScan, type Region } from '../identify/qr';
import { zxingModule } from '../identify/zxing-cpp';
import { srgbToGrey } from './luma';
import { measureLayout, measureTone, type LayoutMeasurements, type ToneMeasurements } from './metrics';

export type AnalysisPart = 'tone' | 'layout' | 'luma' | 'touch';

export interface AnalysisRequest {
  id: number;
  part: AnalysisPart;
  gray: Uint8Array;
  width: number;
  height: number;
  qrRegion: Region;
  /** 'luma': the colour page (packed sRGB) whose rows [rows[0], rows[1]) are written grey into `gray`. */
  rgb?: Uint8Array;
  rows?: [number, number];
}

/**
 * A message posted across the worker boundary (structured clone), answered by request id: it
 * stays a flat wire shape rather than a Result. The gate turns `ok: false` into its
 * quality.error.internal failure.
 */
export type AnalysisResponse =
  | { id: number; ok: true; part: 'tone'; tone: ToneMeasurements; ms: { measure: number } }
  | { id: number; ok: true; part: 'luma'; ms: { luma: number } }
  | { id: number; ok: true; part: 'touch'; ms: { touch: number } }
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

/** Bytes between two writes that touch every page of memory (4 KiB pages; larger ones too). */
const MEMORY_PAGE = 4096;

async function analyse(req: AnalysisRequest): Promise<AnalysisResponse> {
  const t0 = performance.now();
  if (req.part === 'touch') {
    // One write per page of memory makes the kernel map it all in, here rather than on the
    // event loop's first copy into it. Its contents are never read before a page is copied in.
    const g = req.gray;
    for (let i = 0; i < g.length; i += MEMORY_PAGE) g[i] = 0;
    return { id: req.id, ok: true, part: 'touch', ms: { touch: performance.now() - t0 } };
  }
  if (req.part === 'luma') {
    if (!req.rgb || !req.rows) throw new Error('luma needs the colour page and its rows');
    srgbToGrey(req.rgb, req.gray, req.width, req.rows[0], req.rows[1]);
    return { id: req.id, ok: true, part: 'luma', ms: { luma: performance.now() - t0 } };
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
