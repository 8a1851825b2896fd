// The clock is injected everywhere a time is read, so tests can move it and so a clock jump
// is handled in one place (PREP times are shown "dd/mm/yyyy hh:mm:ss" with their UTC offset).
//
// Two readings, two jobs. `now()` is the wall clock: it dates things (audit entries, receipt
// times, what the operator sees) and it can jump either way when an operator sets the time, NTP
// steps it or a dead CMOS battery resets it. `monotonicMs()` never goes back and never jumps: every
// duration (a lockout, an elevation, inactivity, a backoff, a circuit's wait) is measured with it,
// so a jump can neither extend a lockout nor end an elevation early nor stall a retry. Order is
// kept by sequence numbers and row ids, never by wall time.
export interface Clock {
  now(): Date;
  /** Milliseconds from an arbitrary origin; only differences mean anything. */
  monotonicMs(): number;
  /** Minutes east of UTC in force at that instant (e.g. -360 for CST). */
  utcOffsetMinutes(at: Date): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
  utcOffsetMinutes: (at) => -at.getTimezoneOffset(),
};

/**
 * A clock for tests and simulations: `advance` lets time pass (both readings move), `jumpWall`
 * moves only the wall clock, as an operator or NTP would, while real time goes on as before.
 */
export class ManualClock implements Clock {
  private wallMs: number;
  private monoMs = 0;

  constructor(
    start: Date | string = '2024-06-02T18:00:00.000Z',
    private readonly offsetMinutes = -360,
  ) {
    this.wallMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.wallMs);
  }

  monotonicMs(): number {
    return this.monoMs;
  }

  utcOffsetMinutes(): number {
    return this.offsetMinutes;
  }

  advance(ms: number): void {
    this.wallMs += ms;
    this.monoMs += ms;
  }

  jumpWall(ms: number): void {
    this.wallMs += ms;
  }
}

/**
 * The system clock with a wrong wall time: `offsetMs` off the true time (a station whose clock
 * was set badly), and `jumpWall` moves it mid-run. Real time passes as usual, so it works with
 * real peers and timers (simulations and tests of clock jumps against a real intake).
 */
export class ShiftedSystemClock implements Clock {
  constructor(private offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  monotonicMs(): number {
    return performance.now();
  }

  utcOffsetMinutes(at: Date): number {
    return -at.getTimezoneOffset();
  }

  jumpWall(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * A wall-like clock that follows real time through jumps: the wall time when it was created, plus
 * the monotonic time since. For deadlines that are stored as epoch milliseconds (the outbox's
 * next attempt) but must not move when the wall clock does. A restart re-anchors it.
 */
export class SteadyEpoch {
  private readonly anchorWall: number;
  private readonly anchorMono: number;

  constructor(private readonly clock: Clock) {
    this.anchorWall = clock.now().getTime();
    this.anchorMono = clock.monotonicMs();
  }

  nowMs(): number {
    // Whole milliseconds: the outbox stores them in an INTEGER column (performance.now() has fractions).
    return Math.round(this.anchorWall + (this.clock.monotonicMs() - this.anchorMono));
  }
}

/** A time as stored: UTC instant plus the offset that was in force at the station. */
export interface StampedTime {
  utc: string;
  offsetMinutes: number;
}

export function stamp(clock: Clock): StampedTime {
  const at = clock.now();
  return { utc: at.toISOString(), offsetMinutes: clock.utcOffsetMinutes(at) };
}
