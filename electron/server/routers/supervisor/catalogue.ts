// The console's Catalogue panel: what is loaded, and loading (or replacing) it from pasted text
// or a file on removable media, audited whether it was stored or refused.
import { z } from 'zod';
import { router, supervisorProcedure } from '../../trpc';
import { ReasonSchema } from '../../../../shared/domain';
import { audited, unwrap } from './console';
import { MAX_CATALOGUE_BYTES, readCatalogueFile } from './media';

/** How many per-line catalogue errors travel to the screen (the count is always exact). */
export const MAX_CATALOGUE_ERRORS_SHOWN = 200;

/**
 * A file whose first line is not a catalogue header is not a catalogue: its line is not shown
 * (that would print any file the core can read). Lines of a real catalogue are, to be fixed.
 */
function withoutForeignText<E extends { code: string; text: string }>(e: E, fromFile: boolean): E {
  return fromFile && (e.code === 'header' || e.code === 'empty') ? { ...e, text: '' } : e;
}

export const cataloguePanelRouter = router({
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
      const csv = input.csv ?? unwrap(readCatalogueFile(ctx.services, input.path!));
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
              errorCount: r.error.length,
              errors: r.error
                .slice(0, MAX_CATALOGUE_ERRORS_SHOWN)
                .map((e) => withoutForeignText(e, !!input.path)),
            };
          }
          return {
            ok: true as const,
            entries: r.value.catalogue.entries,
            sha256: r.value.catalogue.sha256,
            replaced: r.value.replaced,
            nowIn: r.value.nowIn.length,
            nowOut: r.value.nowOut.length,
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
