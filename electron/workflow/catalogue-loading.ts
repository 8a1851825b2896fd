// A supervisor loads (or replaces) the CATD's catalogue of expected casillas. The file is
// validated whole before anything is stored, and every acta not yet verified is checked again
// against the new catalogue in the same transaction, each change audited.
import { stamp } from '../platform/clock';
import { err, ok } from '../platform/result';
import { parseActaKey } from '../../shared/acta-key';
import type { CatalogueStatus } from '../../shared/workflow';
import { requireReason, requireSupervisor, type WorkflowActor } from './actor';
import { CatalogueStore } from './catalogue-store';
import type { LoadCatalogueResult } from './types';
import { subject, WorkflowPart } from './workflow-part';

export class CatalogueLoading extends WorkflowPart {
  /**
   * Loads (or replaces) the catalogue: validated first, every bad line reported, nothing stored
   * unless the whole file is good. Actas not yet verified are checked again against it.
   */
  loadCatalogue(csv: string, reason: string, actor: WorkflowActor): LoadCatalogueResult {
    requireSupervisor(actor);
    const why = requireReason(reason);
    const result = CatalogueStore.parse(csv);
    if (!result.ok) {
      this.log?.warn('workflow-catalogue-invalid', { errors: result.error.length });
      return err(result.error);
    }
    const parsed = result.value;
    return this.tx(() => {
      const at = stamp(this.clock);
      const previous = this.catalogue.info();
      this.catalogue.replace(csv, parsed.sha256, parsed.catalogue.size, at, actor.id);
      this.audit.append(actor.id, previous ? 'catalogue.replace' : 'catalogue.load', 'catalogue', {
        role: actor.role,
        sha256: parsed.sha256,
        entries: parsed.catalogue.size,
        previous: previous?.sha256 ?? null,
        reason: why,
      });
      const nowIn: number[] = [];
      const nowOut: number[] = [];
      for (const a of this.actas.awaitingCatalogueCheck()) {
        const k = parseActaKey(a.key_label);
        if (!k.ok) continue;
        const status: CatalogueStatus = parsed.catalogue.lookup(k.key).ok ? 'in' : 'out';
        if (status === a.catalogue) continue;
        if (this.actas.runningScan(a.id)) continue; // checked again at its next load or by verify
        this.write(a, a.state, { catalogue: status }, at);
        this.audit.append(actor.id, 'acta.catalogueCheck', subject(a.id), {
          role: actor.role,
          from: a.catalogue,
          to: status,
        });
        (status === 'in' ? nowIn : nowOut).push(a.id);
      }
      return ok({ catalogue: this.catalogue.info()!, replaced: previous !== null, nowIn, nowOut });
    });
  }
}
