// Transmission as operators and supervisors see it: queue and links; and, when both links are
// down, the supervisor's removable-media export and the receipts brought back from the central.
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, operatorProcedure, supervisorProcedure } from '../trpc';
import { ReasonSchema } from '../../../shared/domain';
import { exportToMedia, applyMediaReceipts } from '../../transmit/media';
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

  /** Both links down: every pending acta to a folder on a USB drive, signed, written atomically, verified. */
  exportToMedia: supervisorProcedure
    .input(z.object({ folder: MediaFolderSchema, reason: ReasonSchema }))
    .mutation(({ ctx, input }) => {
      const folder = checkFolder(ctx.services, input.folder);
      const { outbox, stationKey, clock, config, db, audit, log } = ctx.services;
      const r = exportToMedia(outbox, folder, { stationId: config.station.id, key: stationKey, clock });
      db.transaction(() =>
        audit.append(ctx.supervisor.id, r.ok ? 'media.export' : 'media.export.failed', folder, {
          reason: input.reason,
          operator: ctx.operator.id,
          ...(r.ok ? r.value : { error: r.error.messageKey, detail: r.error.detail }),
        }),
      )();
      log.info('media-export', { ok: r.ok });
      if (!r.ok) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: r.error.messageKey });
      return r.value;
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
