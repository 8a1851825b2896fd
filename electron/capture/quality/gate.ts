// The quality gate: decode once (sharp, libuv threads), measure and look for the QR in two workers
// side by side, judge against the thresholds. Expected failures (not an image, broken file, bomb) come back as a
// value with a code; only programming errors throw.
import { identifyFromQr, type Identification } from '../identify/identify';
import type { AnalysisRequest, AnalysisResponse } from './analysis-worker';
import { AnalysisPool, type AnalysisPoolOptions } from './worker-pool';
import { decodePage, type DecodedPage } from './decode';
import { combineMeasurements, type PageMeasurements } from './metrics';
import { QualityThresholdsSchema, type QualityThresholds } from './thresholds';
import { ImageInputError, type FileFacts, type QualityErrorCode, type QualityVerdict } from './types';
import { SharedPages } from './shared-pages';
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

type ToneAnswer = Extract<AnalysisResponse, { part: 'tone' }>;
type LayoutAnswer = Extract<AnalysisResponse, { part: 'layout' }>;

export class QualityGate {
  readonly thresholds: QualityThresholds;
  private readonly pool: AnalysisPool;
  private readonly shared = new SharedPages();

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
      page = await decodePage(bytes, this.thresholds);
    } catch (e) {
      if (e instanceof ImageInputError)
        return err({ code: e.code, messageKey: e.messageKey, detail: e.message });
      throw e;
    }
    const t1 = performance.now();
    const analysed = await this.analyse(page);
    if (!analysed.ok) return analysed;
    const { tone, layout } = analysed.value;
    const measurements = combineMeasurements(page.width, page.height, tone.tone, layout.layout);
    const identification = identifyFromQr(layout.qr);
    const verdict = judge(
      { file: page.facts, page: measurements, qr: { found: layout.qr.found, keyValid: identification.ok } },
      this.thresholds,
    );
    return ok({
      verdict,
      identification,
      file: page.facts,
      measurements,
      ms: {
        decode: t1 - t0,
        measure: Math.max(tone.ms.measure, layout.ms.measure),
        qr: layout.ms.qr,
        total: performance.now() - t0,
      },
    });
  }

  /**
   * Both halves of the page at once, on pixels the two workers share (one copy of the decoded
   * page, made here into memory kept from earlier pages: a few ms). A colour page is first
   * turned grey by both workers, half the rows each. The first failure fails the page and
   * cancels the other half if it has not started.
   */
  private async analyse(
    page: DecodedPage,
  ): Promise<Result<{ tone: ToneAnswer; layout: LayoutAnswer }, InspectionError>> {
    const { width, height } = page;
    const cancel = new AbortController();
    const failures: string[] = [];
    const run = async (req: Omit<AnalysisRequest, 'id'>) => {
      try {
        const r = await this.pool.run(req, cancel.signal);
        if (r.ok) return r;
        failures.push(r.message);
      } catch (e) {
        if (!cancel.signal.aborted || failures.length === 0) failures.push(String(e));
      }
      cancel.abort();
      return null;
    };
    const failed = (): Result<never, InspectionError> =>
      err({
        code: 'internal',
        messageKey: 'quality.error.internal',
        detail: failures[0] ?? 'analysis answered the wrong part',
      });
    const qrRegion = this.thresholds.qrRegion;
    // New shared memory is touched by a worker first (see shared-pages.ts): only on the first
    // pages of a size.
    const take = async (bytes: number) => {
      const { view, fresh } = this.shared.take(bytes);
      if (!fresh) return view;
      const touched = await run({ part: 'touch', gray: view, width: 0, height: 0, qrRegion });
      return touched?.part === 'touch' ? view : null;
    };
    const gray = await take(width * height);
    if (!gray) return failed();
    const req = { gray, width, height, qrRegion };
    if (page.channels === 1) gray.set(page.pixels);
    else {
      const rgb = await take(page.pixels.length);
      if (!rgb) return failed();
      rgb.set(page.pixels);
      const mid = height >> 1;
      const halves = await Promise.all([
        run({ ...req, part: 'luma', rgb, rows: [0, mid] }),
        run({ ...req, part: 'luma', rgb, rows: [mid, height] }),
      ]);
      if (halves.some((h) => h?.part !== 'luma')) return failed();
      this.shared.give(rgb);
    }
    const [tone, layout] = await Promise.all([
      run({ ...req, part: 'tone' }),
      run({ ...req, part: 'layout' }),
    ]);
    if (tone?.part !== 'tone' || layout?.part !== 'layout') return failed();
    this.shared.give(gray);
    return ok({ tone, layout });
  }

  /** Analysis workers that died (each replaced): a figure for the health log. */
  get workerDeaths(): number {
    return this.pool.workerDeaths;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
