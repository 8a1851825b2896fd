// Tables owned: operators.
// Operators and supervisors: who may log in, with what role.
import type { Db } from '../store/db';
import type { Clock } from '../platform/clock';
import type { Role } from '../../shared/domain';
import { AuditLog } from './audit';
import { DEFAULT_PIN_POLICY, hashPin, pinMatches, randomPin, type PinHash, type PinPolicy } from './pin';
import { PinAttempts, type PinPurpose } from './pin-attempts';

export { MAX_FAILED_LOGINS, LOCKOUT_MS } from './pin-attempts';

/**
 * What an unknown id's PIN is checked against: one hash made once, so that an unknown id costs
 * exactly one scrypt, like a real account (hashing a fresh dummy per call cost two, and told).
 */
let dummyHash: PinHash | null = null;
const unknownIdHash = (): PinHash => (dummyHash ??= hashPin('unknown-id'));

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
  active: number;
}

/** An account as the console lists it. */
export interface OperatorListing extends Operator {
  active: boolean;
  lockedUntil: string | null;
}

export type ManageErrorCode =
  | 'console.error.operatorExists'
  | 'console.error.operatorNotFound'
  | 'console.error.lastSupervisor'
  | 'console.error.pinTooShort';
export type ManageResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: ManageErrorCode; /** With pinTooShort: the role's minimum. */ minDigits?: number };

type PinRefusal = { ok: false; code: 'bad_credentials' } | { ok: false; code: 'locked'; until: string };

/** `pinChangeRequired`: the PIN is shorter than the role now asks; only a change is accepted. */
export type LoginResult = { ok: true; operator: Operator; pinChangeRequired: boolean } | PinRefusal;

export type ElevationResult =
  | { ok: true; supervisor: Operator }
  | PinRefusal
  | { ok: false; code: 'not_supervisor' | 'pin_change_required' };

export type PinChangeResult =
  { ok: true; operator: Operator } | PinRefusal | { ok: false; code: 'too_short'; minDigits: number };

export class OperatorStore {
  private readonly audit: AuditLog;
  private readonly attempts: PinAttempts;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: PinPolicy = DEFAULT_PIN_POLICY,
  ) {
    this.audit = new AuditLog(db, clock);
    this.attempts = new PinAttempts(db, clock);
    unknownIdHash(); // made now, so the first unknown id does not pay for it (and show it)
  }

  /** The fewest digits a PIN of this role may have. */
  minDigits(role: Role): number {
    return this.policy[role];
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM operators').get()?.n ?? 0;
  }

  get(id: string): Operator | undefined {
    const row = this.activeRow(id);
    return row && this.operatorOf(row);
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
        lockedUntil: this.attempts.loginLockedUntil(r.id),
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
    const short = this.refuseShortPin(op.id, op.role, op.pin, actor, 'operator.create', details);
    if (short) return short;
    return { ok: true, value: this.create(op, actor, details) };
  }

  /**
   * A new PIN for an active account. The failure count starts again, but a running lockout is
   * kept: resetting a PIN must not become a way round the lockout of a guessed account.
   */
  resetPin(id: string, pin: string, actor: string, details: Record<string, unknown>): ManageResult<Operator> {
    const row = this.activeRow(id);
    if (!row) return { ok: false, code: 'console.error.operatorNotFound' };
    const short = this.refuseShortPin(id, row.role, pin, actor, 'operator.resetPin', details);
    if (short) return short;
    const { hash, salt } = hashPin(pin);
    this.db.transaction(() => {
      this.db.prepare('UPDATE operators SET pin_hash = ?, pin_salt = ? WHERE id = ?').run(hash, salt, id);
      this.attempts.restartCount(id);
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

  /** A PIN shorter than the role asks: refused, and the refusal audited. */
  private refuseShortPin(
    id: string,
    role: Role,
    pin: string,
    actor: string,
    attempted: string,
    details: Record<string, unknown>,
  ): ManageResult<never> | null {
    const minDigits = this.minDigits(role);
    if (pin.length >= minDigits) return null;
    this.db.transaction(() =>
      this.audit.append(actor, 'operator.refused', id, {
        ...details,
        attempted,
        role,
        reason: 'pin_too_short',
        minDigits,
      }),
    )();
    return { ok: false, code: 'console.error.pinTooShort', minDigits };
  }

  private activeRow(id: string): OperatorRow | undefined {
    return this.db
      .prepare<[string], OperatorRow>('SELECT * FROM operators WHERE id = ? AND active = 1')
      .get(id);
  }

  /**
   * Checks id + PIN for a purpose, counting failures for that purpose. An unknown id takes the
   * same path as a wrong PIN (one scrypt, one counted and audited failure, the same lockout), so
   * neither the answer, its time, nor a lockout tells a guesser which ids exist. Success is not
   * audited here: the caller audits what it grants.
   */
  private checkPin(
    id: string,
    pin: string,
    purpose: PinPurpose,
    action: string,
    details: Record<string, unknown>,
  ): { ok: true; row: OperatorRow } | PinRefusal {
    const row = this.activeRow(id);
    const lockLeft = this.attempts.lockRemainingMs(id, purpose);
    if (lockLeft > 0) {
      return {
        ok: false,
        code: 'locked',
        until: new Date(this.clock.now().getTime() + lockLeft).toISOString(),
      };
    }
    const stored = row ? { hash: row.pin_hash, salt: row.pin_salt } : unknownIdHash();
    if (pinMatches(pin, stored) && row) {
      this.attempts.clear(id, purpose);
      return { ok: true, row };
    }
    const failed = this.db.transaction(() => {
      const f = this.attempts.fail(id, purpose);
      this.audit.append(id, f.lockedUntil ? `${action}.locked` : `${action}.failed`, id, {
        ...details,
        reason: row ? 'bad_pin' : 'unknown_id',
        attempt: f.attempt,
      });
      return f;
    })();
    return failed.lockedUntil
      ? { ok: false, code: 'locked', until: failed.lockedUntil }
      : { ok: false, code: 'bad_credentials' };
  }

  private operatorOf(row: OperatorRow): Operator {
    return { id: row.id, name: row.name, role: row.role };
  }

  /** Sign-in. A PIN shorter than the role now asks signs in into the "must change PIN" state. */
  login(id: string, pin: string): LoginResult {
    const r = this.checkPin(id, pin, 'login', 'login', {});
    if (!r.ok) return r;
    const pinChangeRequired = pin.length < this.minDigits(r.row.role);
    this.db.transaction(() =>
      this.audit.append(id, 'login.ok', id, { role: r.row.role, pinChangeRequired }),
    )();
    return { ok: true, operator: this.operatorOf(r.row), pinChangeRequired };
  }

  /**
   * A supervisor's id + PIN typed at an operator's screen. Its failures count apart from
   * sign-in's; it is audited as granted only once the role check passed. A supervisor whose PIN
   * is shorter than the rule must sign in and change it first. `details` names the screen's operator.
   */
  elevate(id: string, pin: string, details: Record<string, unknown> = {}): ElevationResult {
    const r = this.checkPin(id, pin, 'elevation', 'elevation', details);
    if (!r.ok) return r;
    const refusal =
      r.row.role !== 'supervisor'
        ? ('not_supervisor' as const)
        : pin.length < this.minDigits('supervisor')
          ? ('pin_change_required' as const)
          : null;
    this.db.transaction(() =>
      this.audit.append(id, refusal ? 'elevation.refused' : 'elevation.ok', id, {
        ...details,
        role: r.row.role,
        ...(refusal ? { reason: refusal } : {}),
      }),
    )();
    return refusal ? { ok: false, code: refusal } : { ok: true, supervisor: this.operatorOf(r.row) };
  }

  /**
   * The signed-in operator sets their own PIN: the current one again (counted as sign-in
   * failures), a new one as long as the role asks.
   */
  changeOwnPin(id: string, currentPin: string, newPin: string): PinChangeResult {
    const row = this.activeRow(id);
    const minDigits = row ? this.minDigits(row.role) : this.minDigits('supervisor');
    if (newPin.length < minDigits) {
      this.db.transaction(() =>
        this.audit.append(id, 'pin.change.refused', id, { reason: 'too_short', minDigits }),
      )();
      return { ok: false, code: 'too_short', minDigits };
    }
    const r = this.checkPin(id, currentPin, 'login', 'pin.change', {});
    if (!r.ok) return r;
    const { hash, salt } = hashPin(newPin);
    this.db.transaction(() => {
      this.db.prepare('UPDATE operators SET pin_hash = ?, pin_salt = ? WHERE id = ?').run(hash, salt, id);
      this.audit.append(id, 'pin.change', id, { role: r.row.role, digits: newPin.length });
    })();
    return { ok: true, operator: this.operatorOf(r.row) };
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

/**
 * Copies into `to` the accounts it lacks from `from` (same ids, PINs and roles); returns how many.
 * For the training database, which must know the same people as the night's (training/accounts.ts).
 */
export function copyOperatorAccounts(from: Db, to: Db): number {
  const rows = from
    .prepare<[], Record<string, string | number>>(
      'SELECT id, name, role, pin_hash, pin_salt, active, created_at FROM operators',
    )
    .all();
  const insert = to.prepare(
    `INSERT OR IGNORE INTO operators (id, name, role, pin_hash, pin_salt, active, created_at)
     VALUES (@id, @name, @role, @pin_hash, @pin_salt, @active, @created_at)`,
  );
  let n = 0;
  to.transaction(() => {
    for (const r of rows) n += insert.run(r).changes;
  })();
  return n;
}
