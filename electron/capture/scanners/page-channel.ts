// Hands pages from a driver to the scan screen as they arrive: an async iterator plus an optional
// callback, ended by one outcome. Drivers push; nothing here can reject.
import type { Clock } from '../../platform/clock';
import type { PageFormat, ScanJob, ScanOutcome, ScannedPage } from './types';

export class PageChannel {
  private readonly buffered: ScannedPage[] = [];
  private waiter: (() => void) | undefined;
  private outcome: ScanOutcome | undefined;
  private resolveDone!: (o: ScanOutcome) => void;
  private count = 0;
  readonly done: Promise<ScanOutcome>;

  constructor(
    private readonly clock: Clock,
    private readonly onPage?: (page: ScannedPage) => void,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get pagesDelivered(): number {
    return this.count;
  }

  get finished(): boolean {
    return this.outcome !== undefined;
  }

  push(bytes: Uint8Array, format: PageFormat): ScannedPage | undefined {
    if (this.outcome) return undefined;
    const page: ScannedPage = {
      index: ++this.count,
      bytes,
      format,
      receivedAt: this.clock.now().toISOString(),
    };
    this.buffered.push(page);
    try {
      this.onPage?.(page);
    } catch {
      // A failing consumer callback must not stop the paper: the page is still in the iterator.
    }
    this.wake();
    return page;
  }

  /** Ends the batch; later calls are ignored (the first ending wins, e.g. cancel vs. jam). */
  finish(outcome: ScanOutcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.resolveDone(outcome);
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async *iterate(): AsyncGenerator<ScannedPage> {
    for (;;) {
      const next = this.buffered.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.outcome) return;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  job(cancel: () => Promise<void>): ScanJob {
    return { pages: { [Symbol.asyncIterator]: () => this.iterate() }, done: this.done, cancel };
  }
}

/** A job that ended before it began (busy, bad options): same shape, so callers have one path. */
export function failedJob(clock: Clock, outcome: ScanOutcome): ScanJob {
  const ch = new PageChannel(clock);
  ch.finish(outcome);
  return ch.job(async () => {});
}
