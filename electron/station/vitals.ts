// The core's own health: memory, open files and event-loop delay. A leak or a stalled loop on
// election night freezes the screens and the device polling alike, so the long-run soak samples
// these through the RPC and a supervisor's diagnostic can read them too.
import fs from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Event-loop delay is summarised over windows of this length (the last full window is shown). */
export const VITALS_WINDOW_MS = 2_000;
/** Sampling resolution of the event-loop delay histogram. */
const LOOP_RESOLUTION_MS = 10;

export interface Vitals {
  uptimeSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  /** Open file descriptors (sockets, database, images); null where the OS does not say. */
  openFds: number | null;
  /** Delay of the last full window, in ms; maxMs also since start. */
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number; maxSinceStartMs: number };
}

function countOpenFds(): number | null {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

export class VitalsMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private readonly timer: NodeJS.Timeout;
  private window = { p50Ms: 0, p99Ms: 0, maxMs: 0 };
  private maxSinceStartMs = 0;

  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), VITALS_WINDOW_MS);
    this.timer.unref();
  }

  private roll(): void {
    const h = this.histogram;
    this.window = { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
    this.maxSinceStartMs = Math.max(this.maxSinceStartMs, this.window.maxMs);
    h.reset();
  }

  current(): Vitals {
    const m = process.memoryUsage();
    return {
      uptimeSeconds: Math.round(process.uptime()),
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      externalBytes: m.external,
      openFds: countOpenFds(),
      eventLoop: { ...this.window, maxSinceStartMs: this.maxSinceStartMs },
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
