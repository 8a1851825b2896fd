// A supervisor's overrides of what the checks decided: accepting a page the quality gate rejected,
// resolving a conflict between two actas of one key, annulling, holding and releasing a queued
// acta, accepting a key outside the catalogue. Each needs a supervisor and a reason, checked here
// again whatever the RPC layer checked, and lands in the audit log with them.
import { stamp } from '../platform/clock';
import {
  ACTIVE_ACTA_STATES,
  type AcceptPageInput,
  type ActaReasonInput,
  type ActaState,
  type ActaSummary,
  type PageReason,
  type ResolveConflictInput,
} from '../../shared/workflow';
import { pageIsCurrent, pageIsGood } from './acta-rows';
import { requireReason, requireSupervisor, type WorkflowActor } from './actor';
import { WorkflowError } from './errors';
import { canTransition } from './transitions';
import { subject, WorkflowPart } from './workflow-part';

export class SupervisorOverrides extends WorkflowPart {
  /** Accepts a page the gate rejected; when no rejected page remains the acta is digitalizada. */
  acceptPage(input: AcceptPageInput, actor: WorkflowActor): ActaSummary {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    return this.tx(() => {
      const a = this.load(input.actaId, input.version);
      const p = this.actas.page(input.pageId);
      if (!p || p.acta_id !== a.id)
        throw new WorkflowError('pageNotFound', { state: a.state, version: a.version });
      if (!pageIsCurrent(p, a))
        throw new WorkflowError('pageSuperseded', { state: a.state, version: a.version });
      if (pageIsGood(p)) throw new WorkflowError('pageNotRejected', { state: a.state, version: a.version });
      if (a.state !== 'rechazada')
        throw new WorkflowError('illegalTransition', { state: a.state, version: a.version });
      this.actas.acceptPage(p.id, actor.id, reason);
      const allGood = this.actas
        .pages(a.id)
        .filter((x) => pageIsCurrent(x, a))
        .every(pageIsGood);
      const to: ActaState = allGood ? 'digitalizada' : 'rechazada';
      this.write(a, to, allGood ? { rejection_reason: null, rejected_by: null } : {});
      this.audit.append(actor.id, 'acta.acceptPage', subject(a.id), {
        role: actor.role,
        from: a.state,
        to,
        pageId: p.id,
        sha256: p.sha256,
        overridden: (JSON.parse(p.reasons) as PageReason[])
          .filter((r) => r.severity === 'reject')
          .map((r) => r.code),
        reason,
      });
      return this.summary(a.id);
    });
  }

  /**
   * Resolves an acta in en_conflicto. keep_existing: this one is annulled. replace: the existing
   * one is annulled (or, if the central already has it, kept and referenced as superseded) and
   * this one proceeds. keep_both: both are records of the key; this one proceeds. It proceeds from
   * acopio, or from where it was when a late CATD report raised the conflict.
   */
  resolveConflict(
    input: ResolveConflictInput,
    actor: WorkflowActor,
  ): { acta: ActaSummary; existing: ActaSummary | null } {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    const annulled: ActaSummary[] = [];
    const result = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      if (a.state !== 'en_conflicto')
        throw new WorkflowError('notInConflict', { state: a.state, version: a.version });
      const existing = a.conflict_with === null ? undefined : this.actas.get(a.conflict_with);
      const at = stamp(this.clock);
      // Kept: a conflict from acopio goes on from acopio; one a late CATD report raised goes back
      // where it was (a verified acta is not sent back to a rescan).
      const back = a.conflict_from ?? 'recibida';
      const details = {
        role: actor.role,
        resolution: input.resolution,
        reason,
        existing: existing?.id ?? null,
      };
      switch (input.resolution) {
        case 'keep_existing':
          this.write(a, 'anulada', { annul_reason: reason, annulled_by: actor.id }, at);
          this.audit.append(actor.id, 'acta.resolveConflict', subject(a.id), {
            ...details,
            from: a.state,
            to: 'anulada',
          });
          annulled.push(this.summary(a.id));
          break;
        case 'replace': {
          // The new record names the one it replaces even if that one was annulled meanwhile: an
          // annulled record may still have reached the central (an upload already committed, a
          // USB export made before), and there it must stop standing.
          const supersedes = existing?.id ?? null;
          if (existing && ACTIVE_ACTA_STATES.includes(existing.state)) {
            if (canTransition(existing.state, 'anulada')) {
              if (this.actas.runningScan(existing.id))
                throw new WorkflowError('scanInProgress', { state: existing.state });
              this.write(existing, 'anulada', { annul_reason: reason, annulled_by: actor.id }, at);
              this.audit.append(actor.id, 'acta.annul', subject(existing.id), {
                role: actor.role,
                from: existing.state,
                to: 'anulada',
                reason,
                replacedBy: a.id,
              });
              annulled.push(this.summary(existing.id));
            }
          }
          this.write(
            a,
            back,
            {
              record_no: this.actas.maxRecordNo(a.key_id) + 1,
              supersedes_acta: supersedes,
              conflict_from: null,
            },
            at,
          );
          this.audit.append(actor.id, 'acta.resolveConflict', subject(a.id), {
            ...details,
            from: a.state,
            to: back,
            supersedes,
          });
          break;
        }
        case 'keep_both':
          this.write(a, back, { record_no: this.actas.maxRecordNo(a.key_id) + 1, conflict_from: null }, at);
          this.audit.append(actor.id, 'acta.resolveConflict', subject(a.id), {
            ...details,
            from: a.state,
            to: back,
          });
          break;
      }
      return { acta: this.summary(a.id), existing: existing ? this.summary(existing.id) : null };
    });
    for (const x of annulled) this.hooks.onAnnulled?.(x);
    return result;
  }

  /** Annuls an acta (anything not yet sent), with a reason. */
  annul(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    const acta = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      this.expect(a, 'anulada');
      this.write(a, 'anulada', { annul_reason: reason, annulled_by: actor.id, held: 0 });
      this.audit.append(actor.id, 'acta.annul', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'anulada',
        reason,
      });
      return this.summary(a.id);
    });
    this.hooks.onAnnulled?.(acta);
    return acta;
  }

  /** Holds an acta in en_cola: it stays queued but the transmitter must not send it. */
  holdTransmission(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.setHold(input, actor, true);
  }

  releaseTransmission(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.setHold(input, actor, false);
  }

  /** Accepts a key that is not in the catalogue ("fuera de catálogo") so the acta can be verified. */
  acceptOutOfCatalogue(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    return this.tx(() => {
      const a = this.load(input.actaId, input.version);
      if (a.catalogue !== 'out')
        throw new WorkflowError('notOutOfCatalogue', { state: a.state, version: a.version });
      this.write(a, a.state, { catalogue: 'accepted' });
      this.audit.append(actor.id, 'acta.acceptOutOfCatalogue', subject(a.id), {
        role: actor.role,
        state: a.state,
        reason,
      });
      return this.summary(a.id);
    });
  }

  private setHold(input: ActaReasonInput, actor: WorkflowActor, hold: boolean): ActaSummary {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    const acta = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      if (a.state !== 'en_cola')
        throw new WorkflowError('illegalTransition', { state: a.state, version: a.version });
      if (hold && a.held === 1)
        throw new WorkflowError('alreadyHeld', { state: a.state, version: a.version });
      if (!hold && a.held === 0) throw new WorkflowError('notHeld', { state: a.state, version: a.version });
      this.write(a, a.state, { held: hold ? 1 : 0 });
      this.audit.append(actor.id, hold ? 'acta.hold' : 'acta.release', subject(a.id), {
        role: actor.role,
        state: a.state,
        reason,
      });
      return this.summary(a.id);
    });
    if (hold) this.hooks.onHeld?.(acta);
    else this.hooks.onQueued?.(acta);
    return acta;
  }
}
