// Transmission as operators and supervisors see it: queue and links; and, when both links are
// down, the supervisor's removable-media export and the receipts brought back from the central.
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, operatorProcedure, supervisorProcedure } from '../trpc';
import { ReasonSchema } from '../../../shared/domain';
import { applyMediaReceipts } from '../../transmit/media';
import { loadCentralKey } from '../../transmit/enrolment';
import type { Transmitter } from '../../transmit/transmitter';
import type { CoreServices } from '../services';
import { checkExportFolder } from './supervisor/media';
import { SETTING_TRANSMIT_PAUSED, SETTING_TRANSMIT_PREFERRED } from '../../transmit/config';

/** A folder on removable media the supervisor picked (then checked against the allowed places). */
const MediaFolderSchema = z
  .string()
  .trim()
  .min(1, 'media.error.folderRequired')
  .max(400)
  .refine((p) => path.isAbsolute(p), 'media.error.folderNotAbsolute');

/** The folder's real path inside an allowed place (a drive, a configured folder), or a 400. */
function checkFolder(services: CoreServices, folder: string): string {
  const r = checkExportFolder(services, folder);
  if (!r.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: r.error });
  return r.value;
}

function runningTransmitter(ctx: { services: { transmitter: Transmitter | null } }): Transmitter {
  const t = ctx.services.transmitter;
  if (!t) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'media.error.notEnrolled' });
  return t;
}

/** What startExportJob needs of a supervisor call's context. */
interface SupervisorCtx {
  services: CoreServices;
  supervisor: { id: string };
  operator: { id: string };
}

/** Starts the export job (one at a time), auditing how it ends under the supervisor who started it. */
function startExportJob(ctx: SupervisorCtx, input: { folder: string; reason: string }) {
  const folder = checkFolder(ctx.services, input.folder);
  const { stationKey, clock, config, db, audit, log, mediaExport } = ctx.services;
  const supervisor = ctx.supervisor.id;
  const operator = ctx.operator.id;
  const started = mediaExport.start(folder, { stationId: config.station.id, key: stationKey, clock }, (r) => {
    const action = r.ok
      ? 'media.export'
      : r.error.code === 'cancelled'
        ? 'media.export.cancelled'
        : 'media.export.failed';
    db.transaction(() =>
      audit.append(supervisor, action, folder, {
        reason: input.reason,
        operator,
        ...(r.ok ? r.value : { error: r.error.messageKey, detail: r.error.detail }),
      }),
    )();
    log.info('media-export', { ok: r.ok });
  });
  if (!started) throw new TRPCError({ code: 'CONFLICT', message: 'media.error.busy' });
  return started;
}

export const transmissionRouter = router({
  status: operatorProcedure.query(({ ctx }) => {
    const { outbox, transmitter } = ctx.services;
    return {
      enrolled: transmitter !== null,
      paused: transmitter?.isPaused() ?? false,
      preferredLink: transmitter?.preferredLink() ?? null,
      counts: outbox.counts(),
      activeLink: transmitter?.activeLink() ?? null,
      links: transmitter?.status() ?? [],
      dead: outbox
        .list('dead')
        .map((e) => ({ id: e.id, actaKey: e.actaKey, attempts: e.attempts, lastError: e.lastError })),
    };
  }),

  /** Pause (nothing new leaves; what is in flight finishes) or resume sending. Audited, kept across restarts. */
  setPaused: supervisorProcedure
    .input(z.object({ paused: z.boolean(), reason: ReasonSchema }))
    .mutation(({ ctx, input }) => {
      const t = runningTransmitter(ctx);
      const { db, audit, settings } = ctx.services;
      db.transaction(() => {
        settings.set(SETTING_TRANSMIT_PAUSED, input.paused ? '1' : '0');
        audit.append(ctx.supervisor.id, input.paused ? 'transmit.pause' : 'transmit.resume', 'transmision', {
          reason: input.reason,
          operator: ctx.operator.id,
        });
      })();
      if (input.paused) t.pause();
      else t.resume();
      return { paused: t.isPaused() };
    }),

  /** Prefer a link while it works (null: back to priority order). Audited, kept across restarts. */
  preferLink: supervisorProcedure
    .input(z.object({ link: z.string().min(1).max(64).nullable(), reason: ReasonSchema }))
    .mutation(({ ctx, input }) => {
      const t = runningTransmitter(ctx);
      if (!t.prefer(input.link))
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'transmit.error.unknownLink' });
      const { db, audit, settings } = ctx.services;
      db.transaction(() => {
        settings.set(SETTING_TRANSMIT_PREFERRED, input.link ?? '');
        audit.append(ctx.supervisor.id, 'transmit.prefer', input.link ?? 'prioridad', {
          reason: input.reason,
          operator: ctx.operator.id,
        });
      })();
      return { preferredLink: t.preferredLink(), activeLink: t.activeLink() };
    }),

  /**
   * Both links down: every pending acta to a folder on a USB drive, signed, written atomically,
   * verified; answers when the export has ended (the console uses startExport and follows it).
   */
  exportToMedia: supervisorProcedure
    .input(z.object({ folder: MediaFolderSchema, reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) => {
      const r = await startExportJob(ctx, input).finished;
      if (!r.ok) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: r.error.messageKey });
      return r.value;
    }),

  /** Starts the export and answers at once: the console follows it with exportJob / exportProgress. */
  startExport: supervisorProcedure
    .input(z.object({ folder: MediaFolderSchema, reason: ReasonSchema }))
    .mutation(({ ctx, input }) => startExportJob(ctx, input).view),

  /** The export running now (or the last one), with its progress. */
  exportJob: supervisorProcedure.query(({ ctx }) => ctx.services.mediaExport.current()),

  /** The export's changes as they happen (a few a second at most). */
  exportProgress: supervisorProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.services.mediaExport.stream(signal);
  }),

  /** Stops the running export: nothing is left on the drive, the actas stay pending. Audited. */
  cancelExport: supervisorProcedure.input(z.object({ reason: ReasonSchema })).mutation(({ ctx, input }) => {
    const { mediaExport, db, audit } = ctx.services;
    const job = mediaExport.current();
    if (!job || !mediaExport.cancel())
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'media.error.noExport' });
    db.transaction(() =>
      audit.append(ctx.supervisor.id, 'media.export.cancel', job.folder, {
        reason: input.reason,
        operator: ctx.operator.id,
      }),
    )();
    return { cancelling: true as const };
  }),

  /** Receipts the central wrote when it imported the media: applied, and the actas closed. */
  applyReceipts: supervisorProcedure
    .input(z.object({ folder: MediaFolderSchema, reason: ReasonSchema }))
    .mutation(({ ctx, input }) => {
      const folder = checkFolder(ctx.services, input.folder);
      const { outbox, config, db, audit, dataDir, actaTransmission } = ctx.services;
      const central = loadCentralKey(dataDir);
      if (!central) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'media.error.notEnrolled' });
      const r = applyMediaReceipts(outbox, folder, central, config.station.id);
      const closed = actaTransmission.reconcile();
      db.transaction(() =>
        audit.append(ctx.supervisor.id, 'media.receipts', folder, {
          reason: input.reason,
          operator: ctx.operator.id,
          applied: r.applied,
          invalid: r.invalid,
          refused: r.refusedByCentral.length,
          actasClosed: closed.acknowledged,
        }),
      )();
      return { ...r, actasClosed: closed.acknowledged };
    }),
});
