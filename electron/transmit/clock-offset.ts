// The station's clock offset to the central, measured NTP-style on every exchange that brings
// the central's time back (health probe, heartbeat): the central read its clock somewhere between
// our send and our receipt, so offset = centralTime − (send + receive)/2, true within ±half the
// round trip. The round trip is timed with the monotonic clock and the midpoint is the send's
// wall time plus half of it, so a wall-clock jump during the exchange cannot skew the result.
import { CentralTimeSchema, type StationClockReport } from '../../shared/intake';
import type { Clock } from '../platform/clock';

/** A station clock further off the central than this is shown as a warning to the operator. */
export const CLOCK_OFFSET_WARNING_MS = 2 * 60_000;

/** The readings around one exchange; take them with `startExchange`. */
export interface ExchangeTiming {
  sentWallMs: number;
  roundTripMs: number;
}

/** Call before sending; the returned function, called on the answer, gives the exchange's timing. */
export function startExchange(clock: Clock): () => ExchangeTiming {
  const sentWallMs = clock.now().getTime();
  const sentMono = clock.monotonicMs();
  return () => ({ sentWallMs, roundTripMs: Math.max(0, clock.monotonicMs() - sentMono) });
}

/** The offset one exchange shows, or null when the central's time is missing or not a time. */
export function offsetFromExchange(
  timing: ExchangeTiming,
  centralTime: unknown,
  link: string,
): StationClockReport | null {
  const t = CentralTimeSchema.safeParse(centralTime);
  if (!t.success) return null;
  const midpoint = timing.sentWallMs + timing.roundTripMs / 2;
  return {
    offsetMs: Math.round(Date.parse(t.data) - midpoint),
    uncertaintyMs: Math.ceil(timing.roundTripMs / 2),
    roundTripMs: Math.round(timing.roundTripMs),
    measuredAt: new Date(timing.sentWallMs).toISOString(),
    link,
  };
}

/** Keeps the latest measurement; a wall-clock jump makes it stale until the next exchange. */
export class ClockOffsetMeter {
  private latestReport: StationClockReport | null = null;
  private readonly listeners = new Set<(r: StationClockReport | null) => void>();

  record(report: StationClockReport | null): void {
    if (!report) return;
    this.latestReport = report;
    this.emit();
  }

  /** The station's clock moved: the offset measured before no longer holds. */
  invalidate(): void {
    if (!this.latestReport) return;
    this.latestReport = null;
    this.emit();
  }

  latest(): StationClockReport | null {
    return this.latestReport;
  }

  onChange(listener: (r: StationClockReport | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l(this.latestReport);
  }
}
