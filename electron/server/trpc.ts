// tRPC setup: context from the browser session, and procedures that check the role in the core
// on every call (the UI hiding a button is a convenience, never the control).
import { initTRPC, TRPCError } from '@trpc/server';
import type { BrowserSession } from '../security/sessions';
import type { CoreServices } from './services';
import { actingSupervisor, endElevation } from '../security/elevation';

export interface Context {
  session: BrowserSession;
  services: CoreServices;
}

/** Who may call a procedure. Every procedure declares it; a test walks the router to check each. */
export type Access = 'session' | 'operador' | 'supervisor';
export interface ProcedureMeta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Never send stack traces to the screen; the message of every expected error is a message key.
    isDev: false,
    errorFormatter({ shape, error }) {
      return {
        ...shape,
        message: messageKeyOf(error.code, shape.message, error.cause),
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          ...fieldOf(error.code, error.cause),
        },
      };
    },
  });

// The first segment may be camelCase too ("actaKey.error.checkDigit"): the specific key errors
// must reach the screen, not the generic "error.badInput".
const MESSAGE_KEY = /^[a-z][a-zA-Z]*(\.[a-zA-Z]+)+(:.*)?$/;

/** The one message key the renderer translates: a schema's own key for bad input, never internals. */
function messageKeyOf(code: string, message: string, cause: unknown): string {
  if (code === 'INTERNAL_SERVER_ERROR') return 'error.internal';
  if (code === 'BAD_REQUEST' && cause && typeof cause === 'object' && 'issues' in cause) {
    const first = (cause as { issues: Array<{ message?: string }> }).issues[0]?.message ?? '';
    return MESSAGE_KEY.test(first) ? first : 'error.badInput';
  }
  return MESSAGE_KEY.test(message) ? message : 'error.badInput';
}

/**
 * Which input field a schema refused (e.g. "operatorId", "images.0.sha256"), so the screen can
 * point at it. Taken from the schema's own path, never from the request's keys.
 */
function fieldOf(code: string, cause: unknown): { field?: string } {
  if (code !== 'BAD_REQUEST' || !cause || typeof cause !== 'object' || !('issues' in cause)) return {};
  const path = (cause as { issues: Array<{ path?: PropertyKey[] }> }).issues[0]?.path ?? [];
  return path.length ? { field: path.map(String).join('.').slice(0, 200) } : {};
}

export const router = t.router;
/** Any browser holding a valid session cookie (checked before tRPC is reached). */
export const sessionProcedure = t.procedure.meta({ access: 'session' });

/**
 * A signed-in operator, active within the inactivity limit. `duringPinChange`: the procedure is
 * one of the few a session that must change its PIN may call (the change itself, signing out).
 */
const withOperator = (duringPinChange: boolean) =>
  t.middleware(({ ctx, next, type }) => {
    const { session, services } = ctx;
    const op = session.operator;
    if (!op) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'auth.error.loginRequired' });
    // An account a supervisor disabled mid-shift stops working at its next request.
    if (!services.operators.get(op.id)) {
      endElevation(session, services.audit, 'account-disabled');
      session.operator = null;
      session.pinChange = null;
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'auth.error.accountDisabled' });
    }
    const now = services.clock.monotonicMs();
    const limit = services.config.security.inactivityMinutes * 60_000;
    if (now - session.operatorActiveAt > limit) {
      // The elevation goes with the operator: whoever signs in next on this screen starts plain.
      endElevation(session, services.audit, 'inactive');
      session.operator = null;
      session.pinChange = null;
      services.db.transaction(() => services.audit.append(op.id, 'session.inactive', op.id))();
      services.log.info('session-inactive', { operator: op.id });
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'auth.error.inactive' });
    }
    // A live stream is not a person at the keyboard: only queries and commands count as activity.
    if (type !== 'subscription') session.operatorActiveAt = now;
    if (session.pinChange && !duringPinChange)
      throw new TRPCError({ code: 'FORBIDDEN', message: 'auth.error.pinChangeRequired' });
    return next({ ctx: { ...ctx, operator: op } });
  });

export const operatorProcedure = t.procedure.meta({ access: 'operador' }).use(withOperator(false));

/** What a session that must change its PIN may still call: the change, and signing out. */
export const pinChangeProcedure = t.procedure.meta({ access: 'operador' }).use(withOperator(true));

export const supervisorProcedure = t.procedure
  .meta({ access: 'supervisor' })
  .use(withOperator(false))
  .use(({ ctx, next }) => {
    const { session, services } = ctx;
    const supervisor = actingSupervisor(session, services.clock.monotonicMs(), (why) =>
      endElevation(session, services.audit, why),
    );
    if (!supervisor) {
      services.log.warn('role-denied', { operator: ctx.operator.id, role: ctx.operator.role });
      throw new TRPCError({ code: 'FORBIDDEN', message: 'auth.error.supervisorOnly' });
    }
    // `supervisor` is who answers for the action in the audit log; `operator` whose screen it was.
    return next({ ctx: { ...ctx, supervisor } });
  });
