// Joins the acta workflow to the outbox: an acta entering en_cola is enqueued with its images;
// a delivery (signed receipt) marks it transmitida then acusada. Both stores live in the same
// database, but the hook runs after the workflow's commit, so on every start `reconcile` repairs
// what a crash between the two could leave: queued actas missing from the outbox, deliveries not
// yet marked on their actas.
import type { ActaWorkflow } from '../workflow';
import type { BlobStore } from '../capture/store';
import type { Outbox } from './outbox';
import type { Transmitter } from './transmitter';
import type { Logger } from '../platform/logger';
import type { ActaSummary } from '../../shared/workflow';

export class ActaTransmission {
  transmitter: Transmitter | null = null;

  constructor(
    private readonly workflow: ActaWorkflow,
    private readonly outbox: Outbox,
    private readonly blobs: BlobStore,
    private readonly log: Logger,
  ) {}

  /**
   * WorkflowHooks.onQueued: the acta entered en_cola (verified, or released from a hold). An
   * entry already waiting is released rather than enqueued again: one acta, one manifest.
   */
  readonly onQueued = (acta: ActaSummary): void => {
    const standing = this.outbox.standing(acta.keyId);
    if (standing === 'absent') this.enqueue(acta.id);
    else if (standing === 'waiting' && this.outbox.hold(acta.keyId, null) > 0) this.transmitter?.wake();
  };

  /** WorkflowHooks.onHeld: a supervisor held the acta; its waiting entry must not leave. */
  readonly onHeld = (acta: ActaSummary): void => {
    this.outbox.hold(acta.keyId, 'held');
    this.transmitter?.cancel(acta.keyId);
  };

  /** WorkflowHooks.onAnnulled: an annulled acta is never sent. */
  readonly onAnnulled = (acta: ActaSummary): void => {
    if (this.outbox.hold(acta.keyId, 'annulled') > 0)
      this.log.info('acta-annulled-unsent', { key: acta.keyId });
    this.transmitter?.cancel(acta.keyId);
  };

  private enqueue(actaId: number): void {
    const item = this.workflow.transmissionItem(actaId);
    const r = this.outbox.enqueue({
      actaKey: item.actaKey,
      images: item.images.map((i) => ({
        sha256: i.sha256,
        size: i.size,
        path: this.blobs.pathFor(i.sha256),
      })),
      times: item.times,
      stationId: item.stationId,
      operatorId: item.operatorId,
      supersedes: item.supersedes ?? null,
    });
    if (!r.ok) {
      this.log.error('acta-enqueue-failed', { actaId, error: r.error.messageKey, detail: r.error.detail });
      return;
    }
    this.log.info('acta-enqueued', { actaId, outboxId: r.value.id });
    this.transmitter?.wake();
  }

  /** Transmitter 'delivered' event: the central's signed receipt closes the acta. */
  delivered(outboxId: number, link: string): void {
    const receipt = this.outbox.receiptOf(outboxId);
    const entry = this.outbox.get(outboxId);
    if (!receipt || !entry) return;
    try {
      this.workflow.markTransmitted(entry.actaKey, link);
      this.workflow.markAcknowledged(entry.actaKey, receipt.receipt.receiptId);
    } catch (err) {
      this.log.error('acta-ack-failed', { outboxId, actaKey: entry.actaKey, error: (err as Error).message });
    }
  }

  /** On start: enqueue queued actas the outbox lacks; apply receipts the actas lack. */
  reconcile(): { enqueued: number; acknowledged: number } {
    let enqueued = 0;
    let acknowledged = 0;
    const inOutbox = this.outbox.actaKeys();
    const open = this.workflow.list({ states: ['en_cola', 'transmitida'], limit: 1000, offset: 0 }).actas;
    for (const a of open) {
      if (a.state === 'en_cola' && !inOutbox.has(a.keyId)) {
        this.enqueue(a.id);
        if (a.held) this.outbox.hold(a.keyId, 'held');
        enqueued++;
      }
    }
    const openKeys = new Set(open.map((a) => a.keyId));
    for (const e of this.outbox.list('delivered')) {
      if (openKeys.has(e.actaKey)) {
        this.delivered(e.id, 'recuperado');
        acknowledged++;
      }
    }
    if (enqueued || acknowledged) this.log.info('acta-transmission-reconciled', { enqueued, acknowledged });
    return { enqueued, acknowledged };
  }
}
