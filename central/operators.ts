// Tables owned: central_operators, central_sessions.
// The people who sign in to the central's own screens. Their passwords are hashed as the station
// hashes PINs (electron/platform/pin-hash.ts), five wrong ones in a row lock the id for five
// minutes (the station's rule), and a session is a random token whose SHA-256 alone is stored, so
// every intake node on the same database honours it and a copy of the database opens none.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../electron/platform/hash';
import { hashPin, pinMatches } from '../electron/platform/pin-hash';
import {
  CentralOperatorIdSchema,
  CentralPasswordSchema,
  type PanelSession,
  type SignInError,
} from '../shared/central-panel';
import type { CentralDb } from './db';

/** The station's rule (electron/security/pin-attempts.ts): five wrong in a row, five minutes. */
export const CENTRAL_MAX_FAILED = 5;
export const CENTRAL_LOCKOUT_MS = 5 * 60_000;
/** A session lasts an election night's shift; signing in again starts a new one. */
export const CENTRAL_SESSION_MS = 12 * 3_600_000;

interface OperatorRow {
  operator_id: string;
  name: string;
  pin_hash: string;
  pin_salt: string;
  failed_attempts: number;
  locked_until_ms: number;
}

export class CentralOperatorError extends Error {
  override name = 'CentralOperatorError';
}

export type SignInOutcome =
  | { ok: true; token: string; session: PanelSession; expiresAtMs: number }
  | { ok: false; error: SignInError; lockedUntil?: string };

// An id that matches no account is hashed all the same (the answer takes as long) and counted
// here, so five tries lock it too and the lockout does not reveal which ids exist.
const DECOY = hashPin('not-a-password');

export class CentralOperators {
  private readonly unknownFailures = new Map<string, { n: number; lockedUntilMs: number }>();

  constructor(
    private readonly db: CentralDb,
    private readonly now: () => Date,
  ) {}

  /** `catd central operator add`: a new account, or a new password for an existing one. */
  async add(operatorId: string, name: string, password: string): Promise<void> {
    if (!CentralOperatorIdSchema.safeParse(operatorId).success)
      throw new CentralOperatorError(
        `clave de operador inválida: «${operatorId}» (2 a 32 minúsculas, dígitos, . _ -)`,
      );
    if (!CentralPasswordSchema.safeParse(password).success)
      throw new CentralOperatorError('la contraseña debe tener de 8 a 128 caracteres');
    const h = hashPin(password);
    await this.db.run(
      `INSERT INTO central_operators (operator_id, name, pin_hash, pin_salt, failed_attempts, locked_until_ms, created_at)
       VALUES (?, ?, ?, ?, 0, 0, ?)
       ON CONFLICT (operator_id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash,
         pin_salt = excluded.pin_salt, failed_attempts = 0`,
      [operatorId, name, h.hash, h.salt, this.now().toISOString()],
    );
  }

  async list(): Promise<PanelSession[]> {
    const rows = await this.db.all<{ operator_id: string; name: string }>(
      'SELECT operator_id, name FROM central_operators ORDER BY operator_id',
    );
    return rows.map((r) => ({ operatorId: r.operator_id, name: r.name }));
  }

  async signIn(operatorId: string, password: string): Promise<SignInOutcome> {
    const nowMs = this.now().getTime();
    const row = await this.db.get<OperatorRow>('SELECT * FROM central_operators WHERE operator_id = ?', [
      operatorId,
    ]);
    if (!row) return this.unknownAttempt(operatorId, password, nowMs);
    if (row.locked_until_ms > nowMs)
      return { ok: false, error: 'locked', lockedUntil: new Date(row.locked_until_ms).toISOString() };
    if (!pinMatches(password, { hash: row.pin_hash, salt: row.pin_salt })) {
      const attempt = row.failed_attempts + 1;
      const locked = attempt >= CENTRAL_MAX_FAILED ? nowMs + CENTRAL_LOCKOUT_MS : 0;
      await this.db.run(
        'UPDATE central_operators SET failed_attempts = ?, locked_until_ms = ? WHERE operator_id = ?',
        [locked ? 0 : attempt, locked, operatorId],
      );
      return locked
        ? { ok: false, error: 'locked', lockedUntil: new Date(locked).toISOString() }
        : { ok: false, error: 'wrong' };
    }
    await this.db.run(
      'UPDATE central_operators SET failed_attempts = 0, locked_until_ms = 0 WHERE operator_id = ?',
      [operatorId],
    );
    const token = randomBytes(32).toString('base64url');
    const expiresAtMs = nowMs + CENTRAL_SESSION_MS;
    await this.db.run('DELETE FROM central_sessions WHERE expires_at_ms < ?', [nowMs]);
    await this.db.run(
      'INSERT INTO central_sessions (token_sha256, operator_id, expires_at_ms) VALUES (?, ?, ?)',
      [sha256Hex(token), operatorId, expiresAtMs],
    );
    return { ok: true, token, session: { operatorId, name: row.name }, expiresAtMs };
  }

  private unknownAttempt(operatorId: string, password: string, nowMs: number): SignInOutcome {
    pinMatches(password, DECOY);
    const f = this.unknownFailures.get(operatorId) ?? { n: 0, lockedUntilMs: 0 };
    if (f.lockedUntilMs > nowMs)
      return { ok: false, error: 'locked', lockedUntil: new Date(f.lockedUntilMs).toISOString() };
    f.n++;
    if (f.n >= CENTRAL_MAX_FAILED) {
      f.n = 0;
      f.lockedUntilMs = nowMs + CENTRAL_LOCKOUT_MS;
    }
    // Bounded: a flood of made-up ids must not grow the map without end.
    if (this.unknownFailures.size > 10_000) this.unknownFailures.clear();
    this.unknownFailures.set(operatorId, f);
    return f.lockedUntilMs > nowMs
      ? { ok: false, error: 'locked', lockedUntil: new Date(f.lockedUntilMs).toISOString() }
      : { ok: false, error: 'wrong' };
  }

  /** The operator a session token belongs to, while it lasts. */
  async session(token: string | undefined): Promise<PanelSession | null> {
    if (!token || token.length > 100) return null;
    const row = await this.db.get<{ operator_id: string; name: string }>(
      `SELECT s.operator_id, o.name FROM central_sessions s
       JOIN central_operators o ON o.operator_id = s.operator_id
       WHERE s.token_sha256 = ? AND s.expires_at_ms > ?`,
      [sha256Hex(token), this.now().getTime()],
    );
    return row ? { operatorId: row.operator_id, name: row.name } : null;
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token) await this.db.run('DELETE FROM central_sessions WHERE token_sha256 = ?', [sha256Hex(token)]);
  }
}
