// What every supervisor-console router shares. Every procedure is a supervisorProcedure: a
// logged-in supervisor or an operator's session lifted by the supervisor's id + PIN; an
// operator's session alone gets 403 from the core, whatever the screen shows. Each change carries
// a reason and lands in the same transaction as a `console.*` audit entry naming the supervisor
// (actor) and the operator at whose screen it happened.
import { TRPCError } from '@trpc/server';
import type { Context } from '../../trpc';
import type { Operator } from '../../../security/operators';
import { isWorkflowError, type WorkflowActor } from '../../../workflow';
import type { WorkflowErrorCode } from '../../../../shared/workflow';
import type { Result } from '../../../platform/result';
import type { MediaErrorCode } from './media';

export type SupervisorCtx = Context & { operator: Operator; supervisor: Operator };

const CONFLICT_CODES: readonly WorkflowErrorCode[] = [
  'staleVersion',
  'illegalTransition',
  'scanInProgress',
  'transmissionHeld',
  'notHeld',
  'alreadyHeld',
];

/** A workflow refusal becomes its message key with the HTTP status that says what kind it is. */
export function toTrpcError(err: unknown): unknown {
  if (!isWorkflowError(err)) return err;
  const code = CONFLICT_CODES.includes(err.code)
    ? 'CONFLICT'
    : err.code === 'notFound' || err.code === 'pageNotFound'
      ? 'NOT_FOUND'
      : err.code === 'notSupervisor'
        ? 'FORBIDDEN'
        : 'BAD_REQUEST';
  return new TRPCError({ code, message: err.messageKey, cause: err });
}

export function refuse(code: 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT', message: string): never {
  throw new TRPCError({ code, message });
}

export function unwrap<T>(r: Result<T, MediaErrorCode>): T {
  if (!r.ok) refuse('BAD_REQUEST', r.error);
  return r.value;
}

/**
 * Runs one override and appends its console entry in the same transaction (the workflow's own
 * entry is nested inside as a savepoint): both land, or neither.
 */
export function audited<T>(
  ctx: SupervisorCtx,
  action: string,
  subject: string,
  details: Record<string, unknown>,
  run: (actor: WorkflowActor) => T,
  outcome: (result: T) => Record<string, unknown> = () => ({}),
): T {
  const actor: WorkflowActor = { id: ctx.supervisor.id, role: 'supervisor' };
  try {
    const result = ctx.services.db.transaction(() => {
      const r = run(actor);
      ctx.services.audit.append(ctx.supervisor.id, action, subject, {
        ...details,
        ...outcome(r),
        operator: ctx.operator.id,
      });
      return r;
    })();
    ctx.services.log.info('console-override', {
      action,
      subject,
      supervisor: ctx.supervisor.id,
      operator: ctx.operator.id,
    });
    return result;
  } catch (err) {
    throw toTrpcError(err);
  }
}
