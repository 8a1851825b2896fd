// Tables owned: pin_attempts.
// Failed PINs and lockouts, per id and purpose. Sign-in and elevation count apart, and an id that
// matches no account counts exactly like one that does: the lockout must not reveal which ids
// exist, and it survives a restart either way.
import type { Db } from '../store/db';
import type { Clock } from '../platform/clock';

/** Failed PINs in a row before an id is locked (for that purpose), and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 5 * 60_000;

export type PinPurpose = 'login' | 'elevation';

interface AttemptRow {
  failed_attempts: number;
  locked_until: string | null;
}

export class PinAttempts {
  /**
   * When each lockout of this run ends, by clock.monotonicMs(). The stored `locked_until` (wall
   * time) is what the console shows and what survives a restart; the countdown itself runs on
   * the monotonic clock, so setting the station's time back cannot stretch a lockout nor forward
   * end it. An entry stays after it ends, so a stale `locked_until` is not read again.
   */
  private readonly lockEnds = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private row(id: string, purpose: PinPurpose): AttemptRow | undefined {
    return this.db
      .prepare<[string, string], AttemptRow>(
        'SELECT failed_attempts, locked_until FROM pin_attempts WHERE account_id = ? AND purpose = ?',
      )
      .get(id, purpose);
  }

  /** Milliseconds of lockout left for this id and purpose (0 when it may try). */
  lockRemainingMs(id: string, purpose: PinPurpose): number {
    const key = `${purpose}:${id}`;
    const end = this.lockEnds.get(key);
    if (end !== undefined) return Math.max(0, end - this.clock.monotonicMs());
    const lockedUntil = this.row(id, purpose)?.locked_until;
    if (!lockedUntil) return 0;
    // A lockout from before this process started: only its wall time is left. A clock set back
    // since then makes it look far off; no lockout is ever longer than LOCKOUT_MS from now.
    const left = Math.min(Date.parse(lockedUntil) - this.clock.now().getTime(), LOCKOUT_MS);
    if (!(left > 0)) return 0;
    this.lockEnds.set(key, this.clock.monotonicMs() + left);
    return left;
  }

  /** Records one failure (run it in the caller's transaction, beside the audit entry). */
  fail(id: string, purpose: PinPurpose): { attempt: number; lockedUntil: string | null } {
    const attempt = (this.row(id, purpose)?.failed_attempts ?? 0) + 1;
    const lockedUntil =
      attempt >= MAX_FAILED_LOGINS ? new Date(this.clock.now().getTime() + LOCKOUT_MS).toISOString() : null;
    this.db
      .prepare(
        `INSERT INTO pin_attempts (account_id, purpose, failed_attempts, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, purpose)
         DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until`,
      )
      .run(id, purpose, lockedUntil ? 0 : attempt, lockedUntil);
    if (lockedUntil) this.lockEnds.set(`${purpose}:${id}`, this.clock.monotonicMs() + LOCKOUT_MS);
    return { attempt, lockedUntil };
  }

  /** The right PIN: the count and any ended lockout are forgotten. */
  clear(id: string, purpose: PinPurpose): void {
    this.db.prepare('DELETE FROM pin_attempts WHERE account_id = ? AND purpose = ?').run(id, purpose);
    this.lockEnds.delete(`${purpose}:${id}`);
  }

  /** A new PIN set by a supervisor: the count starts again, a running lockout is kept. */
  restartCount(id: string): void {
    this.db.prepare('UPDATE pin_attempts SET failed_attempts = 0 WHERE account_id = ?').run(id);
  }

  /** The stored end of this id's sign-in lockout, for the console (null when none was set). */
  loginLockedUntil(id: string): string | null {
    return this.row(id, 'login')?.locked_until ?? null;
  }
}
