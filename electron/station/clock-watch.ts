// Notices when the station's wall clock jumps: an operator sets the time, NTP steps it, a dead
// CMOS battery brings back 2000-01-01. Between two checks the wall clock should advance as much
// as the monotonic clock did; a difference larger than a few seconds is a jump. Each jump is
// audited (`clock.jump` with from/to/delta), logged and shown, because every wall time written
// after it — acopio receipt times, audit entries — is off by that much, and an auditor reading
// the log must be able to tell a jump from an acta received "before" the one preceding it.
import type { Db } from '../store/db';
import type { AuditLog } from '../security/audit';
import type { Logger } from '../platform/logger';
import type { Clock } from '../platform/clock';

/** How often wall and monotonic advance are compared. */
export const CLOCK_CHECK_INTERVAL_MS = 5_000;
/**
 * Wall minus monotonic advance beyond this, either way, is a jump. NTP slews small errors
 * (at most 0.5 ms/s), and a check that runs late (a busy event loop) moves both readings alike.
 */
export const CLOCK_JUMP_THRESHOLD_MS = 2_000;
export const CLOCK_ACTOR = 'sistema:reloj';
export const CLOCK_SUBJECT = 'reloj';

export interface ClockJump {
  /** The wall time the station expected to read (the last reading plus real time passed). */
  from: string;
  /** The wall time it read instead. */
  to: string;
  /** to − from: positive forward, negative backward. */
  deltaMs: number;
  /** clock.monotonicMs() when it was noticed, for "shown for a while" rules. */
  detectedMono: number;
}

export interface ClockWatchDeps {
  clock: Clock;
  db: Db;
  audit: AuditLog;
  log: Logger;
}

export class ClockJumpWatch {
  private lastWall: number;
  private lastMono: number;
  private timer: NodeJS.Timeout | undefined;
  private last: ClockJump | null = null;
  private readonly listeners = new Set<(j: ClockJump) => void>();

  constructor(
    private readonly deps: ClockWatchDeps,
    private readonly intervalMs = CLOCK_CHECK_INTERVAL_MS,
    private readonly thresholdMs = CLOCK_JUMP_THRESHOLD_MS,
  ) {
    this.lastWall = deps.clock.now().getTime();
    this.lastMono = deps.clock.monotonicMs();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  onJump(listener: (j: ClockJump) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastJump(): ClockJump | null {
    return this.last;
  }

  /** Compares the two clocks now; audits and returns the jump if there was one. */
  check(): ClockJump | null {
    const wall = this.deps.clock.now().getTime();
    const mono = this.deps.clock.monotonicMs();
    const expected = this.lastWall + (mono - this.lastMono);
    this.lastWall = wall;
    this.lastMono = mono;
    const deltaMs = Math.round(wall - expected);
    if (!(Math.abs(deltaMs) > this.thresholdMs)) return null;
    const jump: ClockJump = {
      from: isoOrRaw(expected),
      to: isoOrRaw(wall),
      deltaMs,
      detectedMono: mono,
    };
    this.last = jump;
    this.deps.db.transaction(() =>
      this.deps.audit.append(CLOCK_ACTOR, 'clock.jump', CLOCK_SUBJECT, {
        from: jump.from,
        to: jump.to,
        deltaMs,
      }),
    )();
    this.deps.log.warn('clock-jump', { from: jump.from, to: jump.to, deltaMs });
    for (const l of this.listeners) l(jump);
    return jump;
  }
}

/** A wall clock reset far enough can leave Date's range; the number is still worth recording. */
function isoOrRaw(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}
