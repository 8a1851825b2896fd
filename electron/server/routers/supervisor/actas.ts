// The console's Actas panel: the actas a supervisor must decide on (rejected pages, conflicts,
// keys outside the catalogue, held transmissions) and the overrides that decide them, and the
// dead-lettered transmissions listed beside them with the way back to the queue.
import { z } from 'zod';
import { router, supervisorProcedure } from '../../trpc';
import { actaAuditSubject } from '../../../workflow';
import { ConflictResolutionSchema, type ActaSummary } from '../../../../shared/workflow';
import { ReasonSchema } from '../../../../shared/domain';
import { audited, refuse, toTrpcError } from './console';

/** Actas looked at when building the "needs attention" list. */
const ATTENTION_SCAN_LIMIT = 1000;
/** The latest CATD notices listed (another station received one of this station's keys after it). */
const CATD_LATER_LISTED = 20;

const actaRef = { actaId: z.number().int().positive(), version: z.number().int().positive() };
const ActaReasonInput = z.object({ ...actaRef, reason: ReasonSchema }).strict();

function needsAttention(a: ActaSummary): boolean {
  return a.state === 'rechazada' || a.state === 'en_conflicto' || a.catalogue === 'out' || a.held;
}

export const actasPanelRouter = router({
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
      // What the transmission watchdog could not repair (acta-watchdog.ts): never hidden.
      const alarms = ctx.services.actaTransmission.alarms();
      return { actas, deadLetters, alarms, catdLater: wf.catdLaterNotices(CATD_LATER_LISTED) };
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
        actaAuditSubject(input.actaId),
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
        actaAuditSubject(input.actaId),
        { reason: input.reason, resolution: input.resolution },
        (actor) => ctx.services.workflow.resolveConflict(input, actor),
      ),
    ),

  /** A reprint of the acopio label, marked REIMPRESIÓN; LabelPrints audits it with the reason. */
  reprintLabel: supervisorProcedure
    .input(z.object({ actaId: z.number().int().positive(), reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) => {
      try {
        return ctx.services.labelPrints.reprint(
          input.actaId,
          { id: ctx.supervisor.id, role: 'supervisor' },
          input.reason,
        );
      } catch (err) {
        throw toTrpcError(err);
      }
    }),

  annul: supervisorProcedure
    .input(ActaReasonInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'console.annul', actaAuditSubject(input.actaId), { reason: input.reason }, (actor) =>
        ctx.services.workflow.annul(input, actor),
      ),
    ),

  hold: supervisorProcedure
    .input(ActaReasonInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'console.hold', actaAuditSubject(input.actaId), { reason: input.reason }, (actor) =>
        ctx.services.workflow.holdTransmission(input, actor),
      ),
    ),

  release: supervisorProcedure
    .input(ActaReasonInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'console.release', actaAuditSubject(input.actaId), { reason: input.reason }, (actor) =>
        ctx.services.workflow.releaseTransmission(input, actor),
      ),
    ),

  acceptOutOfCatalogue: supervisorProcedure
    .input(ActaReasonInput)
    .mutation(({ ctx, input }) =>
      audited(
        ctx,
        'console.acceptOutOfCatalogue',
        actaAuditSubject(input.actaId),
        { reason: input.reason },
        (actor) => ctx.services.workflow.acceptOutOfCatalogue(input, actor),
      ),
    ),
});

/** Mounted at supervisor.transmission: the dead letters are outbox entries, not actas. */
export const deadLetterRouter = router({
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
