// The operator's acta procedures: acopio, the queue, scanning with live progress, verification,
// rejection and the dashboard. The workflow decides; this layer only validates input, names the
// actor from the session, and turns a WorkflowError into an RPC error carrying its message key.
import { on } from 'node:events';
import { EventEmitter } from 'node:events';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, operatorProcedure } from '../trpc';
import { catdCounts, isWorkflowError, keyFromInput } from '../../workflow';
import { stamp } from '../../platform/clock';
import { actaKeyId } from '../../../shared/acta-key';
import type { CatdCounts } from '../../../shared/catd-view';
import { outsideAnyCatd } from '../../transmit/catd-peer';
import type { CoreServices } from '../services';
import { notingWrongKeys, refuseWhenTimeUp } from '../training-guard';
import type { ScanProgress } from '../../capture/pipeline/pipeline';
import {
  ActaReasonInputSchema,
  ListActasQuerySchema,
  ReceiveActaInputSchema,
  ActaCommandInputSchema,
  VerifyActaInputSchema,
  type ActaSummary,
  type WorkflowErrorCode,
} from '../../../shared/workflow';

type RpcCode = ConstructorParameters<typeof TRPCError>[0]['code'];

/** How each refusal reaches the screen (the message key is what the screen translates). */
const ERROR_CODES: Record<WorkflowErrorCode, RpcCode> = {
  illegalTransition: 'CONFLICT',
  staleVersion: 'CONFLICT',
  notFound: 'NOT_FOUND',
  pageNotFound: 'NOT_FOUND',
  notSupervisor: 'FORBIDDEN',
  reasonRequired: 'BAD_REQUEST',
  keyInvalid: 'BAD_REQUEST',
  keyConfirmMissing: 'BAD_REQUEST',
  keyMismatch: 'BAD_REQUEST',
  identificationRequired: 'BAD_REQUEST',
  identificationMismatch: 'BAD_REQUEST',
  outOfCatalogueHeld: 'CONFLICT',
  notOutOfCatalogue: 'CONFLICT',
  notInConflict: 'CONFLICT',
  pageNotRejected: 'CONFLICT',
  pageSuperseded: 'CONFLICT',
  transmissionHeld: 'CONFLICT',
  notHeld: 'CONFLICT',
  alreadyHeld: 'CONFLICT',
  scanInProgress: 'CONFLICT',
  wrongActa: 'BAD_REQUEST',
  catalogueInvalid: 'BAD_REQUEST',
};

/** A workflow refusal as the RPC error the screen translates; anything else unchanged. */
export function toRpcError(err: unknown): unknown {
  return isWorkflowError(err)
    ? new TRPCError({ code: ERROR_CODES[err.code], message: err.messageKey, cause: err })
    : err;
}

/** Runs a workflow command; a refusal becomes a TRPCError whose message is the key. */
export function asRpc<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toRpcError(err);
  }
}

/** The Tablero's CATD panel: the central's counts for the whole CATD, or this station's own. */
async function catdPanel(services: CoreServices): Promise<CatdCounts> {
  const seen = await services.catd.view();
  const wf = services.workflow;
  const counts = catdCounts(wf.catalogue.current(), wf.actas.keyStages(), seen.online ? seen : null);
  return {
    ...counts,
    notInCatd: !seen.online && outsideAnyCatd(seen.reason),
    unsentReports: wf.acopioReports.pendingCount(),
  };
}

/** Scan progress from the pipeline, fanned out to every open stream. */
const progressBus = new WeakMap<object, EventEmitter>();
function busFor(pipeline: { onProgress(l: (e: ScanProgress) => void): () => void }): EventEmitter {
  let bus = progressBus.get(pipeline);
  if (!bus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    pipeline.onProgress((e) => emitter.emit('progress', e));
    progressBus.set(pipeline, emitter);
    bus = emitter;
  }
  return bus;
}

export const actasRouter = router({
  // The key is checked first (a mistyped one is never announced), then the CATD is asked whether
  // another station received it (at most CATD_ACOPIO_TIMEOUT_MS; offline, it is today's acopio).
  // In a training session past its time limit nothing is received; a mismatched key is noted.
  receive: operatorProcedure.input(ReceiveActaInputSchema).mutation(async ({ ctx, input }) => {
    refuseWhenTimeUp(ctx.services);
    const key = asRpc(() =>
      notingWrongKeys(ctx.services, ctx.operator.id, 'acopio', () =>
        keyFromInput(input.keyText, input.source, input.keyConfirm),
      ),
    );
    const seen = await ctx.services.catd.reportAcopio(actaKeyId(key), stamp(ctx.services.clock));
    const catd = seen.online
      ? { online: true, elsewhere: seen.earlier[0] }
      : outsideAnyCatd(seen.reason)
        ? undefined
        : { online: false };
    return asRpc(() => ctx.services.workflow.receive(input, ctx.operator, catd));
  }),

  list: operatorProcedure.input(ListActasQuerySchema).query(({ ctx, input }) => {
    const result = ctx.services.workflow.list(input);
    const tx = ctx.services.outbox.byActa(result.actas.map((a) => a.id));
    return {
      total: result.total,
      actas: result.actas.map((a: ActaSummary) => ({ ...a, transmission: tx.get(a.id) ?? null })),
    };
  }),

  /** The acta's acopio label: its last print (null: none yet) and the printer's state now. */
  label: operatorProcedure
    .input(z.object({ actaId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => ({
      latest: ctx.services.labelPrints.latest(input.actaId),
      printer: ctx.services.printer.status(),
    })),

  /** Labels whose last print failed (oldest first): the acopio screen offers to print them again. */
  failedLabels: operatorProcedure.query(({ ctx }) => ctx.services.labelPrints.failed()),

  /** Prints again a label that did not come out (once one has, only a supervisor reprints). */
  retryLabel: operatorProcedure
    .input(z.object({ actaId: z.number().int().positive() }).strict())
    .mutation(({ ctx, input }) => asRpc(() => ctx.services.labelPrints.retry(input.actaId, ctx.operator))),

  get: operatorProcedure
    .input(z.object({ actaId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => asRpc(() => ctx.services.workflow.get(input.actaId))),

  /** Scans the acta with the station's scanner; progress goes to scanProgress meanwhile. */
  scan: operatorProcedure.input(ActaCommandInputSchema).mutation(async ({ ctx, input }) => {
    const { pipeline, scanner } = ctx.services;
    busFor(pipeline);
    let result;
    try {
      result = await pipeline.scanActa(input.actaId, scanner, {
        actor: ctx.operator,
        version: input.version,
      });
    } catch (err) {
      throw toRpcError(err);
    }
    if (result.kind === 'refused') {
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: result.reason });
    }
    const { kind, acta, pages, scanNo } = result;
    return { kind, acta, pages, scanNo, error: result.kind === 'fault' ? result.error : null };
  }),

  /**
   * Stops the scan running on this acta (F10/Esc): the scanner lets go of the paper and the scan
   * ends as cancelled, the acta as it was. `cancelled: false` when no scan of it was running.
   */
  cancelScan: operatorProcedure
    .input(z.object({ actaId: z.number().int().positive() }).strict())
    .mutation(async ({ ctx, input }) => ({
      cancelled: await ctx.services.pipeline.cancelScan(input.actaId),
    })),

  verify: operatorProcedure
    .input(VerifyActaInputSchema)
    .mutation(({ ctx, input }) =>
      asRpc(() =>
        notingWrongKeys(ctx.services, ctx.operator.id, 'verificacion', () =>
          ctx.services.workflow.verify(input, ctx.operator),
        ),
      ),
    ),

  reject: operatorProcedure
    .input(ActaReasonInputSchema)
    .mutation(({ ctx, input }) => asRpc(() => ctx.services.workflow.reject(input, ctx.operator))),

  dashboard: operatorProcedure
    .input(
      z
        .object({
          bucketMinutes: z
            .number()
            .int()
            .min(1)
            .max(24 * 60)
            .default(15),
        })
        .strict()
        .optional(),
    )
    .query(async ({ ctx, input }) => ({
      counts: ctx.services.workflow.dashboard(),
      catd: await catdPanel(ctx.services),
      transmissionAlarms: ctx.services.actaTransmission.alarms().length,
      series: ctx.services.workflow.timeSeries({ bucketMs: (input?.bucketMinutes ?? 15) * 60_000 }),
    })),

  /** Live progress of every scan on this station (optionally only one acta's). */
  scanProgress: operatorProcedure
    .input(z.object({ actaId: z.number().int().positive().optional() }).strict().optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const bus = busFor(ctx.services.pipeline);
      for await (const [event] of on(bus, 'progress', signal ? { signal } : {})) {
        const e = event as ScanProgress;
        if (input?.actaId === undefined || e.actaId === input.actaId) yield e;
      }
    }),
});
