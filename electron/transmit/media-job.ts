// The removable-media export as a job the console follows: one at a time per station, started by
// a supervisor, its progress read (or streamed) while the core goes on serving, cancellable.
// The job itself never audits: whoever started it is told how it ended (onEnd) and audits that.
import { EventEmitter, on } from 'node:events';
import { exportToMedia, type ExportOptions, type ExportResult, type MediaProgress } from './media';
import type { Outbox } from './outbox';

export type MediaJobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface MediaJobView {
  id: number;
  folder: string;
  state: MediaJobState;
  progress: MediaProgress | null;
  /** How it ended: the export (done) or its message key (failed, cancelled). */
  result: { folder: string; actas: number; bytes: number } | null;
  error: string | null;
}

interface Job {
  view: MediaJobView;
  abort: AbortController;
  finished: Promise<ExportResult>;
}

/** Progress events at most this often: 500 actas make 1,500 steps; a screen needs a few a second. */
const PROGRESS_EVERY_MS = 100;

export class MediaExportJobs {
  private job: Job | null = null;
  private nextId = 1;
  private readonly events = new EventEmitter();

  constructor(
    private readonly outbox: Outbox,
    /** Where scans are kept: the originals of pages sent as copies go on the drive too. */
    private readonly scanPath?: (sha256: string) => string,
  ) {
    // Every open console panel is a listener.
    this.events.setMaxListeners(0);
  }

  /** The job running now, or the last one (until the next starts); null before any. */
  current(): MediaJobView | null {
    return this.job ? { ...this.job.view } : null;
  }

  isRunning(): boolean {
    return this.job?.view.state === 'running';
  }

  /**
   * Starts an export to `folder` unless one is running (null then). `onEnd` hears how it ended
   * before anyone awaiting `finished` does.
   */
  start(
    folder: string,
    opts: Omit<ExportOptions, 'onProgress' | 'signal'>,
    onEnd: (r: ExportResult) => void,
  ): { view: MediaJobView; finished: Promise<ExportResult> } | null {
    if (this.isRunning()) return null;
    const abort = new AbortController();
    const view: MediaJobView = {
      id: this.nextId++,
      folder,
      state: 'running',
      progress: null,
      result: null,
      error: null,
    };
    let lastEmit = 0;
    const finished = exportToMedia(this.outbox, folder, {
      ...opts,
      ...(this.scanPath ? { scanPath: this.scanPath } : {}),
      signal: abort.signal,
      onProgress: (p) => {
        view.progress = p;
        const now = Date.now();
        if (now - lastEmit >= PROGRESS_EVERY_MS || p.done === p.total) {
          lastEmit = now;
          this.emit(view);
        }
      },
    }).then((r) => {
      if (r.ok) {
        view.state = 'done';
        view.result = r.value;
      } else {
        view.state = r.error.code === 'cancelled' ? 'cancelled' : 'failed';
        view.error = r.error.messageKey;
      }
      onEnd(r);
      this.emit(view);
      return r;
    });
    this.job = { view, abort, finished };
    this.emit(view);
    return { view: { ...view }, finished };
  }

  /** Asks the running job to stop; false when none runs. It ends 'cancelled' soon after. */
  cancel(): boolean {
    if (!this.isRunning()) return false;
    this.job!.abort.abort();
    return true;
  }

  /** Every change of the job, starting with the current state; ends when `signal` aborts. */
  async *stream(signal: AbortSignal | undefined): AsyncGenerator<MediaJobView | null> {
    yield this.current();
    try {
      for await (const [view] of on(this.events, 'change', { signal })) yield view as MediaJobView;
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
    }
  }

  private emit(view: MediaJobView): void {
    this.events.emit('change', { ...view });
  }
}
