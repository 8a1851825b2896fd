// A small pool of analysis workers. A worker that dies (a bug, a heap exhausted by a hostile page,
// a page past its time) is replaced and its page fails with an error (never a hang, never the
// core going down); idle workers are unref'd so a CLI run can exit when its work is done.
import os from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { AnalysisRequest, AnalysisResponse } from './analysis-worker';

/** A page that takes longer than this in the worker is reported as failed, not waited on forever. */
export const ANALYSIS_TIMEOUT_MS = 30_000;

type Job = {
  req: Omit<AnalysisRequest, 'id'>;
  resolve: (r: AnalysisResponse) => void;
  reject: (e: Error) => void;
};

interface Slot {
  worker: Worker;
  busy: { id: number; job: Job; timer: NodeJS.Timeout } | null;
}

/**
 * In an installed package the core runs from resources/app.asar. A worker thread is a file that
 * Node's own loader opens (whether Electron's asar reading reaches worker threads has varied
 * between releases), so the boot file, the worker bundle and the QR decoder (zxing-wasm and its
 * .wasm) are unpacked beside the archive (build/electron-builder.json asarUnpack) and started
 * from there.
 */
export function outsideAsar(url: URL): URL {
  return new URL(url.href.replace(/\/app\.asar\//, '/app.asar.unpacked/'));
}

const BOOT = outsideAsar(new URL('./analysis-worker-boot.mjs', import.meta.url));

/**
 * A worker's own heap ceiling. Without one, a worker that runs out of heap aborts the whole
 * process (V8's out-of-memory is fatal); with one, only that worker ends
 * (ERR_WORKER_OUT_OF_MEMORY) and is replaced. The measurements keep pixels in typed arrays (not
 * counted here) and use a few MB of JS heap on a 300-dpi page.
 */
export const ANALYSIS_WORKER_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 64,
};

export interface AnalysisPoolOptions {
  size?: number;
  /** The worker's entry (default: the analysis worker). Tests give one that crashes on cue. */
  script?: URL;
  resourceLimits?: ResourceLimits;
}

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private deaths = 0;
  readonly size: number;
  private readonly script: URL;
  private readonly limits: ResourceLimits;

  constructor(opts: AnalysisPoolOptions = {}) {
    this.size = opts.size ?? Math.max(1, Math.min(2, os.availableParallelism()));
    this.script = opts.script ?? BOOT;
    this.limits = opts.resourceLimits ?? ANALYSIS_WORKER_LIMITS;
  }

  /** Workers that died and were (or will be, on the next page) replaced: for logs and tests. */
  get workerDeaths(): number {
    return this.deaths;
  }

  /**
   * Queues one request. An abort takes it off the queue if no worker has started it (the other
   * half of a page that already failed is not worth a worker); once started it runs to its end.
   */
  run(req: Omit<AnalysisRequest, 'id'>, signal?: AbortSignal): Promise<AnalysisResponse> {
    if (this.closed) return Promise.reject(new Error('analysis pool closed'));
    return new Promise((resolve, reject) => {
      const job: Job = { req, resolve, reject };
      this.queue.push(job);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.queue.indexOf(job);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(new Error('analysis cancelled'));
          }
        },
        { once: true },
      );
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('analysis pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script, { resourceLimits: this.limits }), busy: null };
    slot.worker.unref();
    slot.worker.on('message', (res: AnalysisResponse) => {
      const busy = slot.busy;
      if (!busy || busy.id !== res.id) return;
      clearTimeout(busy.timer);
      slot.busy = null;
      slot.worker.unref();
      busy.job.resolve(res);
      // After a failed answer, the next job waits a turn: the caller may cancel its page's other half.
      if (res.ok) this.pump();
      else setImmediate(() => this.pump());
    });
    const fail = (err: Error) => {
      const busy = slot.busy;
      slot.busy = null;
      const i = this.slots.indexOf(slot);
      if (i < 0) return; // 'error' and then 'exit' for the same death
      this.slots.splice(i, 1);
      this.deaths++;
      // An 'error' leaves the thread possibly alive (a throw outside the message handler): end it.
      void slot.worker.terminate();
      if (busy) {
        clearTimeout(busy.timer);
        busy.job.reject(err);
      }
      // A turn later, so that the caller can cancel the other half of the page that killed it.
      setImmediate(() => this.pump());
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`analysis worker exited (${code})`));
    });
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const job = this.queue.shift()!;
      const id = this.nextId++;
      const s = slot;
      const timer = setTimeout(() => {
        void s.worker.terminate();
      }, ANALYSIS_TIMEOUT_MS);
      s.busy = { id, job, timer };
      s.worker.ref();
      const msg = { ...job.req, id } satisfies AnalysisRequest;
      // Hand the grey page over instead of copying 8 MB on the event loop, when the buffer is
      // its own (sharp's output is); a slice of a shared pool is copied. Shared memory (a page
      // judged by two workers) is neither: both see the same bytes.
      const buf = job.req.gray.buffer;
      const own =
        buf instanceof ArrayBuffer &&
        job.req.gray.byteOffset === 0 &&
        job.req.gray.byteLength === buf.byteLength;
      try {
        s.worker.postMessage(msg, own ? [buf] : []);
      } catch {
        s.worker.postMessage(msg);
      }
    }
  }
}
