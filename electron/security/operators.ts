// Tables owned: operators.
// Operators and supervisors: who may log in, with what role.
import type { Db } from '../store/db';
import type { Clock } from '../platform/clock';
import type { Role } from '../../shared/domain';
import { AuditLog } from './audit';
import { hashPin, pinMatches, randomPin } from './pin';

/** Failed PINs in a row before an account is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 5 * 60_000;

export interface Operator {
  id: string;
  name: string;
  role: Role;
}

interface OperatorRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  pin_salt: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
}

/** An account as the console lists it. */
export interface OperatorListing extends Operator {
  active: boolean;
  lockedUntil: string | null;
}

export type ManageErrorCode =
  'console.error.operatorExists' | 'console.error.operatorNotFound' | 'console.error.lastSupervisor';
export type ManageResult<T> = { ok: true; value: T } | { ok: false; code: ManageErrorCode };

export type LoginResult =
  | { ok: true; operator: Operator }
  | { ok: false; code: 'bad_credentials' }
  | { ok: false; code: 'locked'; until: string };

export class OperatorStore {
  private readonly audit: AuditLog;
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
  ) {
    this.audit = new AuditLog(db, clock);
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM operators').get()?.n ?? 0;
  }

  get(id: string): Operator | undefined {
    const row = this.db
      .prepare<[string], OperatorRow>('SELECT * FROM operators WHERE id = ? AND active = 1')
      .get(id);
    return row && { id: row.id, name: row.name, role: row.role };
  }

  create(op: Operator & { pin: string }, actor: string, details: Record<string, unknown> = {}): Operator {
    const { hash, salt } = hashPin(op.pin);
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO operators (id, name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(op.id, op.name, op.role, hash, salt, this.clock.now().toISOString());
      this.audit.append(actor, 'operator.create', op.id, { ...details, role: op.role, name: op.name });
    })();
    return { id: op.id, name: op.name, role: op.role };
  }

  /** Every account, disabled ones included, for the supervisor console (never the PIN hashes). */
  list(): OperatorListing[] {
    return this.db
      .prepare<[], OperatorRow>('SELECT * FROM operators ORDER BY role DESC, id')
      .all()
      .map((r) => ({
        id: r.id,
        name: r.name,
        role: r.role,
        active: r.active === 1,
        lockedUntil: r.locked_until,
      }));
  }

  /** A supervisor creates an account: the id must be new (a disabled id is never reused). */
  createChecked(
    op: Operator & { pin: string },
    actor: string,
    details: Record<string, unknown>,
  ): ManageResult<Operator> {
    const exists = this.db
      .prepare<[string], { id: string }>('SELECT id FROM operators WHERE id = ?')
      .get(op.id);
    if (exists) return { ok: false, code: 'console.error.operatorExists' };
    return { ok: true, value: this.create(op, actor, details) };
  }

  /**
   * A new PIN for an active account. The failure count starts again, but a running lockout is
   * kept: resetting a PIN must not become a way round the lockout of a guessed account.
   */
  resetPin(id: string, pin: string, actor: string, details: Record<string, unknown>): ManageResult<Operator> {
    const row = this.activeRow(id);
    if (!row) return { ok: false, code: 'console.error.operatorNotFound' };
    const { hash, salt } = hashPin(pin);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE operators SET pin_hash = ?, pin_salt = ?, failed_attempts = 0 WHERE id = ?')
        .run(hash, salt, id);
      this.audit.append(actor, 'operator.resetPin', id, { ...details, role: row.role });
    })();
    return { ok: true, value: { id: row.id, name: row.name, role: row.role } };
  }

  /** Disables an account (kept for the audit trail); the last active supervisor cannot go. */
  disable(id: string, actor: string, details: Record<string, unknown>): ManageResult<Operator> {
    return this.db
      .transaction((): ManageResult<Operator> => {
        const row = this.activeRow(id);
        if (!row) return { ok: false, code: 'console.error.operatorNotFound' };
        if (row.role === 'supervisor') {
          const supervisors =
            this.db
              .prepare<[], { n: number }>(
                "SELECT count(*) AS n FROM operators WHERE role = 'supervisor' AND active = 1",
              )
              .get()?.n ?? 0;
          if (supervisors <= 1) return { ok: false, code: 'console.error.lastSupervisor' };
        }
        this.db.prepare('UPDATE operators SET active = 0 WHERE id = ?').run(id);
        this.audit.append(actor, 'operator.disable', id, { ...details, role: row.role });
        return { ok: true, value: { id: row.id, name: row.name, role: row.role } };
      })
      .immediate();
  }

  private activeRow(id: string): OperatorRow | undefined {
    return this.db
      .prepare<[string], OperatorRow>('SELECT * FROM operators WHERE id = ? AND active = 1')
      .get(id);
  }

  /**
   * Checks id + PIN. An unknown id and a wrong PIN answer the same, so the screen does not tell
   * a guesser which ids exist; repeated failures lock the account for LOCKOUT_MS.
   */
  login(id: string, pin: string, purpose: 'login' | 'elevation' = 'login'): LoginResult {
    const now = this.clock.now();
    const mono = this.clock.monotonicMs();
    const row = this.db
      .prepare<[string], OperatorRow>('SELECT * FROM operators WHERE id = ? AND active = 1')
      .get(id);
    if (!row) {
      // Spend the same time as a real check: the answer time must not reveal unknown ids.
      pinMatches(pin, hashPin('0000'));
      this.db.transaction(() => this.audit.append(id, `${purpose}.failed`, id, { reason: 'unknown_id' }))();
      return { ok: false, code: 'bad_credentials' };
    }
    const lockLeft = this.lockRemainingMs(row, now.getTime(), mono);
    if (lockLeft > 0) {
      return { ok: false, code: 'locked', until: new Date(now.getTime() + lockLeft).toISOString() };
    }
    if (pinMatches(pin, { hash: row.pin_hash, salt: row.pin_salt })) {
      this.db.transaction(() => {
        this.db.prepare('UPDATE operators SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(id);
        this.audit.append(id, `${purpose}.ok`, id, { role: row.role });
      })();
      this.lockEnds.delete(id);
      return { ok: true, operator: { id: row.id, name: row.name, role: row.role } };
    }
    const failed = row.failed_attempts + 1;
    const lockedUntil =
      failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : null;
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE operators SET failed_attempts = ?, locked_until = ? WHERE id = ?')
        .run(lockedUntil ? 0 : failed, lockedUntil, id);
      this.audit.append(id, lockedUntil ? `${purpose}.locked` : `${purpose}.failed`, id, {
        reason: 'bad_pin',
        attempt: failed,
      });
    })();
    if (lockedUntil) this.lockEnds.set(id, mono + LOCKOUT_MS);
    return lockedUntil
      ? { ok: false, code: 'locked', until: lockedUntil }
      : { ok: false, code: 'bad_credentials' };
  }

  /** Milliseconds of lockout left for this account (0 when it may try). */
  private lockRemainingMs(row: OperatorRow, wallNow: number, mono: number): number {
    const end = this.lockEnds.get(row.id);
    if (end !== undefined) return Math.max(0, end - mono);
    if (!row.locked_until) return 0;
    // A lockout from before this process started: only its wall time is left. A clock set back
    // since then makes it look far off; no lockout is ever longer than LOCKOUT_MS from now.
    const left = Math.min(Date.parse(row.locked_until) - wallNow, LOCKOUT_MS);
    if (!(left > 0)) return 0;
    this.lockEnds.set(row.id, mono + left);
    return left;
  }

  /**
   * Simulated mode only: a demo operator and a demo supervisor with random PINs, created once.
   * Returns their PINs so the caller can print them once; on later starts returns nothing.
   */
  ensureDemoAccounts(): Array<Operator & { pin: string }> | null {
    if (this.count() > 0) return null;
    const demo = [
      { id: 'operador1', name: 'Operador de demostración', role: 'operador' as const, pin: randomPin() },
      {
        id: 'supervisor1',
        name: 'Supervisor de demostración',
        role: 'supervisor' as const,
        pin: randomPin(),
      },
    ];
    for (const d of demo) this.create(d, 'sistema');
    return demo;
  }
}
