// The supervisor console's procedures. Every one is a supervisorProcedure: a logged-in supervisor
// or an operator's session lifted by the supervisor's id + PIN; an operator's session alone gets
// 403 from the core, whatever the screen shows. Each change carries a reason and lands in the
// same transaction as a `console.*` audit entry naming the supervisor (actor) and the operator at
// whose screen it happened.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, supervisorProcedure, type Context } from '../trpc';
import type { Operator } from '../../security/operators';
import { isWorkflowError, type WorkflowActor } from '../../workflow';
import type { WorkflowErrorCode, ActaSummary } from '../../../shared/workflow';
import { ConflictResolutionSchema } from '../../../shared/workflow';
import { OperatorIdSchema, PinSchema, ReasonSchema, RoleSchema } from '../../../shared/domain';
import {
  checkExportFolder,
  dataDirOf,
  exportAuditTo,
  readCatalogueFile,
  writeDiagnosticBundle,
  MAX_CATALOGUE_BYTES,
  type MediaResult,
} from './supervisor-media';

type SupervisorCtx = Context & { operator: Operator; supervisor: Operator };

/** How many per-line catalogue errors travel to the screen (the count is always exact). */
export const MAX_CATALOGUE_ERRORS_SHOWN = 200;
/** Actas looked at when building the "needs attention" list. */
const ATTENTION_SCAN_LIMIT = 1000;

const CONFLICT_CODES: readonly WorkflowErrorCode[] = [
  'staleVersion',
  'illegalTransition',
  'scanInProgress',
  'transmissionHeld',
  'notHeld',
  'alreadyHeld',
];

/** A workflow refusal becomes its message key with the HTTP status that says what kind it is. */
function toTrpcError(err: unknown): unknown {
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

function refuse(code: 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT', message: string): never {
  throw new TRPCError({ code, message });
}

function unwrap<T>(r: MediaResult<T>): T {
  if (!r.ok) refuse('BAD_REQUEST', r.code);
  return r.value;
}

/**
 * Runs one override and appends its console entry in the same transaction (the workflow's own
 * entry is nested inside as a savepoint): both land, or neither.
 */
function audited<T>(
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

const actaRef = { actaId: z.number().int().positive(), version: z.number().int().positive() };
const ActaReasonInput = z.object({ ...actaRef, reason: ReasonSchema }).strict();
const actaSubject = (id: number) => `acta:${id}`;

function needsAttention(a: ActaSummary): boolean {
  return a.state === 'rechazada' || a.state === 'en_conflicto' || a.catalogue === 'out' || a.held;
}

const actasRouter = router({
  /** Actas a supervisor must decide on, plus dead-lettered transmissions; or a key search. */
  attention: supervisorProcedure
    .input(
      z
        .object({ search: z.string().trim().max(64).optional() })
        .strict()
        .optional(),
    )
    .query(({ ctx, input }) => {
      const wf = ctx.services.workflow;
      const search = input?.search;
      const actas = search
        ? wf.list({ search, limit: 100 }).actas
        : wf
            .list({
              states: ['recibida', 'digitalizada', 'rechazada', 'en_conflicto', 'en_cola'],
              limit: ATTENTION_SCAN_LIMIT,
            })
            .actas.filter(needsAttention);
      const deadLetters = ctx.services.outbox.list('dead').map((e) => ({
        outboxId: e.id,
        actaKey: e.actaKey,
        attempts: e.attempts,
        lastError: e.lastError,
        enqueuedAt: e.enqueuedAt,
      }));
      return { actas, deadLetters };
    }),

  detail: supervisorProcedure
    .input(z.object({ actaId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => {
      try {
        return ctx.services.workflow.get(input.actaId);
      } catch (err) {
        throw toTrpcError(err);
      }
    }),

  acceptPage: supervisorProcedure
    .input(z.object({ ...actaRef, pageId: z.number().int().positive(), reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) =>
      audited(
        ctx,
        'console.acceptPage',
        actaSubject(input.actaId),
        { reason: input.reason, pageId: input.pageId },
        (actor) => ctx.services.workflow.acceptPage(input, actor),
      ),
    ),

  resolveConflict: supervisorProcedure
    .input(z.object({ ...actaRef, resolution: ConflictResolutionSchema, reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) =>
      audited(
        ctx,
        'console.resolveConflict',
        actaSubject(input.actaId),
        { reason: input.reason, resolution: input.resolution },
        (actor) => ctx.services.workflow.resolveConflict(input, actor),
      ),
    ),

  annul: supervisorProcedure
    .input(ActaReasonInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'console.annul', actaSubject(input.actaId), { reason: input.reason }, (actor) =>
        ctx.services.workflow.annul(input, actor),
      ),
    ),

  hold: supervisorProcedure
    .input(ActaReasonInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'console.hold', actaSubject(input.actaId), { reason: input.reason }, (actor) =>
        ctx.services.workflow.holdTransmission(input, actor),
      ),
    ),

  release: supervisorProcedure
    .input(ActaReasonInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'console.release', actaSubject(input.actaId), { reason: input.reason }, (actor) =>
        ctx.services.workflow.releaseTransmission(input, actor),
      ),
    ),

  acceptOutOfCatalogue: supervisorProcedure
    .input(ActaReasonInput)
    .mutation(({ ctx, input }) =>
      audited(
        ctx,
        'console.acceptOutOfCatalogue',
        actaSubject(input.actaId),
        { reason: input.reason },
        (actor) => ctx.services.workflow.acceptOutOfCatalogue(input, actor),
      ),
    ),
});

const transmissionRouter = router({
  /** A dead-lettered acta goes back to the queue with a fresh attempt budget. */
  requeue: supervisorProcedure
    .input(z.object({ outboxId: z.number().int().positive(), reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) => {
      const entry = ctx.services.outbox.get(input.outboxId);
      return audited(
        ctx,
        'console.requeue',
        entry?.actaKey ?? `outbox:${input.outboxId}`,
        { reason: input.reason, outboxId: input.outboxId },
        (actor) => {
          if (!ctx.services.outbox.requeue(input.outboxId, actor.id))
            refuse('CONFLICT', 'console.error.notDeadLetter');
          return { requeued: true as const };
        },
      );
    }),
});

const catalogueRouter = router({
  info: supervisorProcedure.query(({ ctx }) => ctx.services.workflow.catalogue.info() ?? null),

  /** Pasted text or a file on removable media; nothing is stored unless every line is good. */
  load: supervisorProcedure
    .input(
      z
        .object({
          csv: z.string().max(MAX_CATALOGUE_BYTES).optional(),
          path: z.string().trim().max(4096).optional(),
          reason: ReasonSchema,
        })
        .strict()
        .refine((x) => (x.csv !== undefined) !== (x.path !== undefined && x.path !== ''), {
          message: 'console.error.catalogueSource',
        }),
    )
    .mutation(({ ctx, input }) => {
      const csv = input.csv ?? unwrap(readCatalogueFile(input.path!));
      const source = input.path ? { path: input.path } : { pasted: true };
      return audited(
        ctx,
        'console.catalogueLoad',
        'catalogue',
        { reason: input.reason, ...source },
        (actor) => {
          const r = ctx.services.workflow.loadCatalogue(csv, input.reason, actor);
          if (!r.ok) {
            // Refused: recorded all the same (the console entry says how many lines were wrong).
            return {
              ok: false as const,
              errorCount: r.errors.length,
              errors: r.errors.slice(0, MAX_CATALOGUE_ERRORS_SHOWN),
            };
          }
          return {
            ok: true as const,
            entries: r.catalogue.entries,
            sha256: r.catalogue.sha256,
            replaced: r.replaced,
            nowIn: r.nowIn.length,
            nowOut: r.nowOut.length,
          };
        },
        (r) =>
          r.ok
            ? { outcome: 'loaded', entries: r.entries, sha256: r.sha256 }
            : {
                outcome: 'refused',
                errorLines: r.errors.map((e) => e.line).slice(0, 20),
                errorCount: r.errorCount,
              },
      );
    }),
});

const NameSchema = z.string().trim().min(1, 'console.error.nameRequired').max(80, 'console.error.nameLong');

const operatorsRouter = router({
  list: supervisorProcedure.query(({ ctx }) => ctx.services.operators.list()),

  create: supervisorProcedure
    .input(
      z
        .object({
          id: OperatorIdSchema,
          name: NameSchema,
          role: RoleSchema,
          pin: PinSchema,
          pinConfirm: z.string(),
          reason: ReasonSchema,
        })
        .strict()
        .refine((x) => x.pin === x.pinConfirm, { message: 'console.error.pinMismatch' }),
    )
    .mutation(({ ctx, input }) => {
      const r = ctx.services.operators.createChecked(
        { id: input.id, name: input.name, role: input.role, pin: input.pin },
        ctx.supervisor.id,
        { reason: input.reason, operator: ctx.operator.id },
      );
      if (!r.ok) refuse('CONFLICT', r.code);
      return r.value;
    }),

  resetPin: supervisorProcedure
    .input(
      z
        .object({ id: OperatorIdSchema, pin: PinSchema, pinConfirm: z.string(), reason: ReasonSchema })
        .strict()
        .refine((x) => x.pin === x.pinConfirm, { message: 'console.error.pinMismatch' }),
    )
    .mutation(({ ctx, input }) => {
      const r = ctx.services.operators.resetPin(input.id, input.pin, ctx.supervisor.id, {
        reason: input.reason,
        operator: ctx.operator.id,
      });
      if (!r.ok) refuse('NOT_FOUND', r.code);
      return r.value;
    }),

  disable: supervisorProcedure
    .input(z.object({ id: OperatorIdSchema, reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) => {
      const r = ctx.services.operators.disable(input.id, ctx.supervisor.id, {
        reason: input.reason,
        operator: ctx.operator.id,
      });
      if (!r.ok) refuse(r.code === 'console.error.lastSupervisor' ? 'CONFLICT' : 'NOT_FOUND', r.code);
      return r.value;
    }),
});

const Instant = z
  .string()
  .datetime({ offset: true, message: 'console.error.badDate' })
  .transform((s) => new Date(s).toISOString());

const auditRouter = router({
  query: supervisorProcedure
    .input(
      z
        .object({
          actor: z.string().trim().max(64).optional(),
          action: z.string().trim().max(64).optional(),
          text: z.string().trim().max(200).optional(),
          from: Instant.optional(),
          to: Instant.optional(),
          limit: z.number().int().min(1).max(200).default(50),
          offset: z.number().int().min(0).default(0),
        })
        .strict(),
    )
    .query(({ ctx, input }) => {
      const filter = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ''));
      return ctx.services.audit.query(filter);
    }),

  /** The signed chain to removable media. */
  export: supervisorProcedure
    .input(z.object({ folder: z.string().trim().max(4096), reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) => {
      const folder = unwrap(checkExportFolder(input.folder, dataDirOf(ctx.services)));
      const r = exportAuditTo(ctx.services, folder);
      audited(ctx, 'console.auditExport', 'audit', { reason: input.reason, folder, files: r.files }, () => 0);
      return r;
    }),

  /** Configuration (no secrets), recent logs, devices/links/power, schema, audit check. */
  bundle: supervisorProcedure
    .input(z.object({ folder: z.string().trim().max(4096), reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) => {
      const folder = unwrap(checkExportFolder(input.folder, dataDirOf(ctx.services)));
      const r = writeDiagnosticBundle(ctx.services, folder);
      audited(
        ctx,
        'console.diagnosticBundle',
        'diagnostics',
        { reason: input.reason, folder, files: r.files },
        () => 0,
      );
      return r;
    }),
});

export const supervisorRouter = router({
  actas: actasRouter,
  transmission: transmissionRouter,
  catalogue: catalogueRouter,
  operators: operatorsRouter,
  audit: auditRouter,
});
