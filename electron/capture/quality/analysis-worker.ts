// The analysis worker: every JS loop over pixels (measurements, QR decoding) runs here, so the
// core's event loop stays free for the UI, devices and links while a page is judged.
import { parentPort } from 'node:worker_threads';
import { scanQr, type QrScan, type Region } from '../identify/qr';
import { zxingModule } from '../identify/zxing-cpp';
import { measurePage, type PageMeasurements } from './metrics';

export interface AnalysisRequest {
  id: number;
  gray: Uint8Array;
  width: number;
  height: number;
  qrRegion: Region;
}

/**
 * A message posted across the worker boundary (structured clone), answered by request id: it
 * stays a flat wire shape rather than a Result. The gate turns `ok: false` into its
 * quality.error.internal failure.
 */
export type AnalysisResponse =
  | { id: number; ok: true; page: PageMeasurements; qr: QrScan; ms: { measure: number; qr: number } }
  | { id: number; ok: false; message: string };

// The QR decoder (WebAssembly) is compiled once per worker, as it starts: not on its first page.
if (parentPort) void zxingModule();

parentPort?.on('message', async (req: AnalysisRequest) => {
  try {
    const t0 = performance.now();
    const page = measurePage(req.gray, req.width, req.height);
    const t1 = performance.now();
    const qr = await scanQr(req.gray, req.width, req.height, req.qrRegion);
    const t2 = performance.now();
    const res: AnalysisResponse = { id: req.id, ok: true, page, qr, ms: { measure: t1 - t0, qr: t2 - t1 } };
    parentPort!.postMessage(res);
  } catch (err) {
    parentPort!.postMessage({ id: req.id, ok: false, message: String((err as Error)?.stack ?? err) });
  }
});
