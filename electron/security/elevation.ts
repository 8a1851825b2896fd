// Supervisor elevation: the supervisor types id + PIN at the operator's screen (the console's key
// chord); the core checks them and lifts THIS browser session to supervisor for a short time or
// until the console closes, never for the shift. Supervisor-only procedures accept a logged-in
// supervisor or a live elevation; an operator's session alone gets 403. An elevation belongs to
// the operator it was given to: their inactivity, signing out, or any sign-in on the session
// ends it, so the next person at the screen never inherits it.
import { TRPCError } from '@trpc/server';
import type { OperatorStore, Operator } from './operators';
import type { BrowserSession } from './sessions';
import type { AuditLog } from './audit';

/**
 * How long an elevation lasts if the console is not closed first, by the monotonic clock: the
 * `now` passed below is clock.monotonicMs(), so a wall-clock jump neither ends it early nor stretches it.
 */
export const ELEVATION_TTL_MS = 5 * 60_000;

/** Why an elevation ended (audited as `elevation.end`). */
export type ElevationEnd = 'closed' | 'expired' | 'inactive' | 'sign-in' | 'sign-out' | 'account-disabled';

export function elevate(
  operators: OperatorStore,
  session: BrowserSession,
  supervisorId: string,
  pin: string,
  monotonicNow: number,
): Operator {
  const operatorId = session.operator?.id;
  if (!operatorId) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'auth.error.loginRequired' });
  const r = operators.elevate(supervisorId, pin, { operator: operatorId });
  if (!r.ok) {
    switch (r.code) {
      case 'locked':
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `login.error.locked:${r.until}` });
      case 'bad_credentials':
        throw new TRPCError({ code: 'FORBIDDEN', message: 'supervisor.error.badCredentials' });
      case 'not_supervisor':
        throw new TRPCError({ code: 'FORBIDDEN', message: 'supervisor.error.notSupervisor' });
      case 'pin_change_required':
        throw new TRPCError({ code: 'FORBIDDEN', message: 'supervisor.error.pinChangeRequired' });
    }
  }
  session.elevation = { supervisor: r.supervisor, operatorId, until: monotonicNow + ELEVATION_TTL_MS };
  return r.supervisor;
}

/**
 * The supervisor acting in this session now, if any: a logged-in supervisor (who has no PIN
 * change pending) or a live elevation given to the operator signed in now. An elevation past its
 * time, or left from another operator, is ended through `end` (the caller audits it there).
 */
export function actingSupervisor(
  session: BrowserSession,
  monotonicNow: number,
  end: (why: ElevationEnd) => void = () => (session.elevation = null),
): Operator | null {
  if (session.operator?.role === 'supervisor' && !session.pinChange) return session.operator;
  const e = session.elevation;
  if (!e) return null;
  if (e.operatorId === session.operator?.id && e.until > monotonicNow) return e.supervisor;
  end(e.operatorId === session.operator?.id ? 'expired' : 'sign-in');
  session.elevation = null;
  return null;
}

/** Ends the session's elevation, if any, and audits why (the entry stands alone: no change beside it). */
export function endElevation(session: BrowserSession, audit: AuditLog, why: ElevationEnd): void {
  const e = session.elevation;
  if (!e) return;
  session.elevation = null;
  audit.append(e.supervisor.id, 'elevation.end', e.operatorId, { reason: why });
}
