// What the status bar says about the station's clock: the offset to the central (a warning when
// it is large enough to make receipt times misleading) and a recent jump. A jump also makes the
// last offset stale: it is dropped until the next exchange with the central measures it again.
import type { ClockStatus } from '../../shared/domain';
import type { Clock } from '../platform/clock';
import type { ClockJump, ClockJumpWatch } from './clock-watch';
import { CLOCK_OFFSET_WARNING_MS, type ClockOffsetMeter } from '../transmit/clock-offset';

/** A jump stays on the status bar this long (monotonic), so the operator gets to see it. */
export const CLOCK_JUMP_SHOWN_MS = 10 * 60_000;

export class StationClockStatus {
  private readonly listeners = new Set<(s: ClockStatus) => void>();
  private readonly unsubscribers: Array<() => void>;
  private shownJumpTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly watch: ClockJumpWatch,
    private readonly meter: ClockOffsetMeter,
    private readonly warnAtMs = CLOCK_OFFSET_WARNING_MS,
  ) {
    this.unsubscribers = [meter.onChange(() => this.emit()), watch.onJump((j) => this.jumped(j))];
  }

  current(): ClockStatus {
    const offset = this.meter.latest();
    const jump = this.watch.lastJump();
    const jumpShown = jump !== null && this.clock.monotonicMs() - jump.detectedMono < CLOCK_JUMP_SHOWN_MS;
    // The offset is only "too large" when even its best case is: |offset| − uncertainty.
    const offBy = offset ? Math.abs(offset.offsetMs) - offset.uncertaintyMs : 0;
    const message =
      offset && offBy > this.warnAtMs ? 'clock.warning.offset' : jumpShown ? 'clock.warning.jumped' : null;
    return {
      health: message ? 'warning' : offset ? 'ok' : 'unknown',
      message,
      offsetMs: offset?.offsetMs ?? null,
      uncertaintyMs: offset?.uncertaintyMs ?? null,
      measuredAt: offset?.measuredAt ?? null,
      lastJump: jump ? { at: jump.to, deltaMs: jump.deltaMs } : null,
    };
  }

  onChange(listener: (s: ClockStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const u of this.unsubscribers) u();
    clearTimeout(this.shownJumpTimer);
    this.listeners.clear();
  }

  private jumped(_j: ClockJump): void {
    this.meter.invalidate();
    this.emit();
    // Timers run on the monotonic clock: the jump leaves the bar when its time is up.
    clearTimeout(this.shownJumpTimer);
    this.shownJumpTimer = setTimeout(() => this.emit(), CLOCK_JUMP_SHOWN_MS + 10);
    this.shownJumpTimer.unref();
  }

  private emit(): void {
    const s = this.current();
    for (const l of this.listeners) l(s);
  }
}
