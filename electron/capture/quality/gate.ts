// The quality gate: read the header, decode once (sharp, in an analysis worker), measure and look
// for the QR in two workers side by side, judge against the thresholds. Expected failures (not an
// image, broken file, bomb) come back as a value with a code; only programming errors throw.
import { identifyFromQr, type Identification } from '../identify/identify';
import type { AnalysisJob, AnalysisResponse } from './analysis-worker';
import { AnalysisPool, type AnalysisPoolOptions } from './worker-pool';
import { readHeader, type PageHeader } from './decode';
import { combineMeasurements, type PageMeasurements } from './metrics';
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
  /** Analysis workers (default: up to 2), besides the one that decodes. */
  workers?: number;
  /** Worker entry and heap ceiling (defaults: the analysis worker, ANALYSIS_WORKER_LIMITS); for tests. */
  analysisWorker?: Omit<AnalysisPoolOptions, 'size'>;
}

type ToneAnswer = Extract<AnalysisResponse, { part: 'tone' }>;
type LayoutAnswer = Extract<AnalysisResponse, { part: 'layout' }>;

export class QualityGate {
  readonly thresholds: QualityThresholds;
  private readonly pool: AnalysisPool;
  /**
   * Decoding has a worker of its own: a page decodes there (sharp's threads, then RGB to grey)
   * while the two analysis workers measure the page before it, as when sharp decoded on the event
   * loop's behalf, but without the decoded page ever being copied on the event loop.
   */
  private readonly decoder: AnalysisPool;

  constructor(opts: QualityGateOptions = {}) {
    this.thresholds = QualityThresholdsSchema.parse(opts.thresholds ?? {});
    this.pool = new AnalysisPool({
      ...opts.analysisWorker,
      ...(opts.workers !== undefined ? { size: opts.workers } : {}),
    });
    this.decoder = new AnalysisPool({ ...opts.analysisWorker, size: 1 });
  }

  async inspect(bytes: Uint8Array): Promise<Result<Inspection, InspectionError>> {
    const t0 = performance.now();
    let header;
    try {
      header = await readHeader(bytes, this.thresholds);
    } catch (e) {
      if (e instanceof ImageInputError)
        return err({ code: e.code, messageKey: e.messageKey, detail: e.message });
      throw e;
    }
    const analysed = await this.analyse(bytes, header);
    if (!analysed.ok) return analysed;
    const { tone, layout, greyAt } = analysed.value;
    const { width, height } = header.facts;
    const measurements = combineMeasurements(width, height, tone.tone, layout.layout);
    const identification = identifyFromQr(layout.qr);
    const verdict = judge(
      { file: header.facts, page: measurements, qr: { found: layout.qr.found, keyValid: identification.ok } },
      this.thresholds,
    );
    return ok({
      verdict,
      identification,
      file: header.facts,
      measurements,
      ms: {
        decode: greyAt - t0,
        measure: Math.max(tone.ms.measure, layout.ms.measure),
        qr: layout.ms.qr,
        total: performance.now() - t0,
      },
    });
  }

  /**
   * The file decoded by the decoding worker into grey pixels the two analysis workers share, and
   * both halves of the page measured at once on them. The first failure fails the page and cancels the other
   * half if it has not started.
   */
  private async analyse(
    bytes: Uint8Array,
    header: PageHeader,
  ): Promise<Result<{ tone: ToneAnswer; layout: LayoutAnswer; greyAt: number }, InspectionError>> {
    const { width, height } = header.facts;
    const cancel = new AbortController();
    const failures: string[] = [];
    const run = async (req: AnalysisJob) => {
      try {
        const r = await (req.part === 'decode' ? this.decoder : this.pool).run(req, cancel.signal);
        if (r.ok) return r;
        failures.push(r.message);
      } catch (e) {
        if (!cancel.signal.aborted || failures.length === 0) failures.push(String(e));
      }
      cancel.abort();
      return null;
    };
    const failed = () =>
      err({
        code: 'internal' as const,
        messageKey: 'quality.error.internal',
        detail: failures[0] ?? 'analysis answered the wrong part',
      });
    const { asIs } = header;
    const maxInputPixels = this.thresholds.maxInputPixels;
    const file = new Uint8Array(new SharedArrayBuffer(bytes.length));
    file.set(bytes);
    const decoded = await run({ part: 'decode', bytes: file, asIs, maxInputPixels, width, height });
    if (decoded?.part !== 'decode') return failed();
    if (decoded.refused) {
      const { code, detail } = decoded.refused;
      return err({ code, messageKey: `quality.error.${code}`, detail });
    }
    const gray = decoded.gray!;
    const greyAt = performance.now();
    const req = { gray, width, height, qrRegion: this.thresholds.qrRegion };
    const [tone, layout] = await Promise.all([
      run({ ...req, part: 'tone' }),
      run({ ...req, part: 'layout' }),
    ]);
    if (tone?.part !== 'tone' || layout?.part !== 'layout') return failed();
    return ok({ tone, layout, greyAt });
  }

  /** Analysis workers that died (each replaced): a figure for the health log. */
  get workerDeaths(): number {
    return this.pool.workerDeaths + this.decoder.workerDeaths;
  }

  close(): Promise<void> {
    return Promise.all([this.pool.close(), this.decoder.close()]).then(() => undefined);
  }
}
