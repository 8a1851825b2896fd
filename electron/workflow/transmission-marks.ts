// What the transmitter does to an acta: marks it sent (transmitida) and acknowledged (acusada)
// by the central's receipt, and reads what the outbox needs to send it. Repeats are no-ops, so
// a retry on the other link or a receipt brought back on a USB drive never moves an acta twice.
import { stamp } from '../platform/clock';
import type { ActaState, ActaSummary } from '../../shared/workflow';
import { pageIsCurrent, type ActaRow } from './acta-rows';
import { SYSTEM_ACTOR, type WorkflowActor } from './actor';
import { WorkflowError } from './errors';
import type { ActaRef, TransmissionItem, TransmissionLedgerRow } from './types';
import { MAX_SUPERSEDED_RECORDS } from '../../shared/intake';
import { subject, WorkflowPart, type WorkflowContext } from './workflow-part';

export class TransmissionMarks extends WorkflowPart {
  constructor(
    ctx: WorkflowContext,
    /** This workstation's id (goes into every transmission item). */
    private readonly stationId: string,
  ) {
    super(ctx);
  }

  /** en_cola → transmitida. Repeating it for an acta already sent is a no-op (the first link stays recorded). */
  markTransmitted(ref: ActaRef, linkName: string, actor: WorkflowActor = SYSTEM_ACTOR): ActaSummary {
    return this.tx(() => {
      const a = this.resolveRef(ref, ['en_cola', 'transmitida', 'acusada']);
      // A retry (same or other link) of an acta already marked sent: the first mark stands.
      if (a.state === 'transmitida' || a.state === 'acusada') return this.summary(a.id);
      this.expect(a, 'transmitida');
      if (a.held === 1) throw new WorkflowError('transmissionHeld', { state: a.state, version: a.version });
      const at = stamp(this.clock);
      this.write(
        a,
        'transmitida',
        { transmitted_at_utc: at.utc, transmitted_offset: at.offsetMinutes, transmitted_link: linkName },
        at,
      );
      this.audit.append(actor.id, 'acta.transmit', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'transmitida',
        link: linkName,
      });
      return this.summary(a.id);
    });
  }

  /** transmitida → acusada with the central's receipt. Repeating it with the same receipt is a no-op. */
  markAcknowledged(ref: ActaRef, receiptId: string, actor: WorkflowActor = SYSTEM_ACTOR): ActaSummary {
    return this.tx(() => {
      const a = this.resolveRef(ref, ['transmitida', 'acusada']);
      if (a.state === 'acusada' && a.receipt_id === receiptId) return this.summary(a.id);
      this.expect(a, 'acusada');
      const at = stamp(this.clock);
      this.write(
        a,
        'acusada',
        { acknowledged_at_utc: at.utc, acknowledged_offset: at.offsetMinutes, receipt_id: receiptId },
        at,
      );
      this.audit.append(actor.id, 'acta.acknowledge', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'acusada',
        receiptId,
      });
      return this.summary(a.id);
    });
  }

  /** What the outbox needs to send an acta in en_cola. */
  transmissionItem(actaId: number): TransmissionItem {
    const a = this.actas.get(actaId);
    if (!a) throw new WorkflowError('notFound');
    if (!a.scanned_at_utc || !a.verified_at_utc || a.scanned_offset === null || a.verified_offset === null)
      throw new WorkflowError('illegalTransition', {
        state: a.state,
        version: a.version,
        detail: 'not verified',
      });
    const pages = this.actas.pages(actaId).filter((p) => pageIsCurrent(p, a));
    const supersedesActas: number[] = [];
    for (let r = a.supersedes_acta; r !== null && supersedesActas.length < MAX_SUPERSEDED_RECORDS;) {
      if (supersedesActas.includes(r)) break;
      supersedesActas.push(r);
      r = this.actas.get(r)?.supersedes_acta ?? null;
    }
    return {
      actaId,
      actaKey: a.key_id,
      images: pages.map((p) => ({ sha256: p.sha256, size: p.size, format: p.format })),
      times: {
        receivedAt: { utc: a.received_at_utc, offsetMinutes: a.received_offset },
        scannedAt: { utc: a.scanned_at_utc, offsetMinutes: a.scanned_offset },
        verifiedAt: { utc: a.verified_at_utc, offsetMinutes: a.verified_offset },
      },
      stationId: this.stationId,
      operatorId: a.verified_by ?? a.received_by,
      record: a.record_no,
      // The record a "replace" let in names what it replaces; any other later record was "keep both".
      resolution: a.supersedes_acta !== null ? 'replace' : a.record_no > 1 ? 'keep_both' : null,
      supersedesActas,
    };
  }

  /** Every acta that ever entered the queue, in a few columns (the watchdog walks them all). */
  transmissionLedger(): TransmissionLedgerRow[] {
    return this.actas.everQueued().map((a) => ({
      id: a.id,
      keyId: a.key_id,
      state: a.state,
      held: a.held === 1,
      replaced: a.replaced === 1,
    }));
  }

  private resolveRef(ref: ActaRef, states: readonly ActaState[]): ActaRow {
    const a =
      typeof ref === 'string'
        ? // Oldest first: the outbox sends in queue order, so two records of one key pair up in order.
          (this.actas.byKey(ref, states.slice(0, 1))[0] ?? this.actas.byKey(ref, states)[0])
        : this.actas.get(ref.actaId);
    if (!a)
      throw new WorkflowError('notFound', { detail: typeof ref === 'string' ? ref : String(ref.actaId) });
    return a;
  }
}
