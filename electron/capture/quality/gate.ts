// The quality gate: decode once (sharp, libuv threads), measure and look for the QR in a worker,
// judge against the thresholds. Expected failures (not an image, broken file, bomb) come back as a
// value with a code; only programming errors throw.
import { identifyFromQr, type Identification } from '../identify/identify';
import { AnalysisPool, type AnalysisPoolOptions } from './worker-pool';
import { decodeGrey } from './decode';
import type { PageMeasurements } from './metrics';
import { QualityThresholdsSchema, type QualityThresholds } from './thresholds';
import { ImageInputError, type FileFacts, type QualityErrorCode, type QualityVerdict } from './types';
import { judge } from './verdict';
import { err, ok, type Result } from '../../platform/result';

export interface Inspection {
  verdict: QualityVerdict;
  identification: Identification;
  file: FileFacts;
  measurements: PageMeasurements;
  ms: { decode: number; measure: number; qr: number; total: number };
}

/** A page the gate could not judge: not an image, a broken or hostile file, or its own failure. */
export interface InspectionError {
  code: QualityErrorCode | 'internal';
  messageKey: string;
  detail: string;
}

export interface QualityGateOptions {
  thresholds?: Partial<QualityThresholds>;
  /** Analysis workers (default: up to 2). */
  workers?: number;
  /** Worker entry and heap ceiling (defaults: the analysis worker, ANALYSIS_WORKER_LIMITS); for tests. */
  analysisWorker?: Omit<AnalysisPoolOptions, 'size'>;
}

export class QualityGate {
  readonly thresholds: QualityThresholds;
  private readonly pool: AnalysisPool;

  constructor(opts: QualityGateOptions = {}) {
    this.thresholds = QualityThresholdsSchema.parse(opts.thresholds ?? {});
    this.pool = new AnalysisPool({
      ...opts.analysisWorker,
      ...(opts.workers !== undefined ? { size: opts.workers } : {}),
    });
  }

  async inspect(bytes: Uint8Array): Promise<Result<Inspection, InspectionError>> {
    const t0 = performance.now();
    let page;
    try {
      page = await decodeGrey(bytes, this.thresholds);
    } catch (e) {
      if (e instanceof ImageInputError)
        return err({ code: e.code, messageKey: e.messageKey, detail: e.message });
      throw e;
    }
    const t1 = performance.now();
    let res;
    try {
      res = await this.pool.run({
        gray: page.gray,
        width: page.width,
        height: page.height,
        qrRegion: this.thresholds.qrRegion,
      });
    } catch (e) {
      return err({ code: 'internal', messageKey: 'quality.error.internal', detail: String(e) });
    }
    if (!res.ok) return err({ code: 'internal', messageKey: 'quality.error.internal', detail: res.message });
    const identification = identifyFromQr(res.qr);
    const verdict = judge(
      { file: page.facts, page: res.page, qr: { found: res.qr.found, keyValid: identification.ok } },
      this.thresholds,
    );
    return ok({
      verdict,
      identification,
      file: page.facts,
      measurements: res.page,
      ms: { decode: t1 - t0, measure: res.ms.measure, qr: res.ms.qr, total: performance.now() - t0 },
    });
  }

  /** Analysis workers that died (each replaced): a figure for the health log. */
  get workerDeaths(): number {
    return this.pool.workerDeaths;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
