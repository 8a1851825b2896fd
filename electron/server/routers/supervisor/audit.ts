// The console's Audit panel: searching the audit log, the signed chain to removable media and
// the diagnostic bundle for support.
import { z } from 'zod';
import { router, supervisorProcedure } from '../../trpc';
import { ReasonSchema } from '../../../../shared/domain';
import { audited, unwrap } from './console';
import { checkExportFolder, exportAuditTo, writeDiagnosticBundle } from './media';
import type { AuditEntry } from '../../../security/audit';
import type { SupervisorCtx } from './console';
import type { AuditRowView } from '../../../../shared/audit-view';

/** `acta:<id>`: the subject the workflow and the console give an acta's entries. */
const ACTA_SUBJECT = /^acta:(\d+)$/;

function inWords(ctx: SupervisorCtx, e: AuditEntry): AuditRowView {
  const m = ACTA_SUBJECT.exec(e.subject);
  const acta = m ? ctx.services.workflow.find(Number(m[1])) : undefined;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    seq: e.seq,
    atUtc: e.atUtc,
    offsetMinutes: e.offsetMinutes,
    actor: e.actor,
    actorName: ctx.services.operators.get(e.actor)?.name ?? null,
    action: e.action,
    subject: e.subject,
    actaKey: acta?.display ?? null,
    reason: text(e.details.reason),
    operator: text(e.details.operator),
    resolution: text(e.details.resolution),
  };
}

const Instant = z
  .string()
  .datetime({ offset: true, message: 'console.error.badDate' })
  .transform((s) => new Date(s).toISOString());

export const auditPanelRouter = router({
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
      const page = ctx.services.audit.query(filter);
      return { total: page.total, entries: page.entries.map((e) => inWords(ctx, e)) };
    }),

  /** The signed chain to removable media. */
  export: supervisorProcedure
    .input(z.object({ folder: z.string().trim().max(4096), reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) => {
      const folder = unwrap(checkExportFolder(ctx.services, input.folder));
      const r = exportAuditTo(ctx.services, folder);
      audited(ctx, 'console.auditExport', 'audit', { reason: input.reason, folder, files: r.files }, () => 0);
      return r;
    }),

  /** Configuration (no secrets), recent logs, devices/links/power, schema, audit check. */
  bundle: supervisorProcedure
    .input(z.object({ folder: z.string().trim().max(4096), reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) => {
      const folder = unwrap(checkExportFolder(ctx.services, input.folder));
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
