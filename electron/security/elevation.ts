// Supervisor elevation: the supervisor types id + PIN at the operator's screen (the console's key
// chord); the core checks them and lifts THIS browser session to supervisor for a short time or
// until the console closes, never for the shift. Supervisor-only procedures accept a logged-in
// supervisor or a live elevation; an operator's session alone gets 403.
import { TRPCError } from '@trpc/server';
import type { OperatorStore, Operator } from './operators';
import type { BrowserSession } from './sessions';

/**
 * How long an elevation lasts if the console is not closed first, by the monotonic clock: the
 * `now` passed below is clock.monotonicMs(), so a wall-clock jump neither ends it early nor stretches it.
 */
export const ELEVATION_TTL_MS = 5 * 60_000;

export function elevate(
  operators: OperatorStore,
  session: BrowserSession,
  supervisorId: string,
  pin: string,
  monotonicNow: number,
): Operator {
  const r = operators.login(supervisorId, pin, 'elevation');
  if (!r.ok) {
    throw new TRPCError({
      code: r.code === 'locked' ? 'TOO_MANY_REQUESTS' : 'FORBIDDEN',
      message: r.code === 'locked' ? `login.error.locked:${r.until}` : 'supervisor.error.badCredentials',
    });
  }
  if (r.operator.role !== 'supervisor')
    throw new TRPCError({ code: 'FORBIDDEN', message: 'auth.error.supervisorOnly' });
  session.elevation = { supervisor: r.operator, until: monotonicNow + ELEVATION_TTL_MS };
  return r.operator;
}

/** The supervisor acting in this session now, if any: a logged-in supervisor or a live elevation. */
export function actingSupervisor(session: BrowserSession, monotonicNow: number): Operator | null {
  if (session.operator?.role === 'supervisor') return session.operator;
  if (session.elevation && session.elevation.until > monotonicNow) return session.elevation.supervisor;
  session.elevation = null;
  return null;
}
