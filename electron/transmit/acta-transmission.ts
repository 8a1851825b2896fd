// Joins the acta workflow to the outbox: an acta record entering en_cola gets its own outbox
// entry (one per record, never one per key: a replacement or a second record kept by a
// supervisor is another record, sent under its own idempotency key); a delivery (signed receipt)
// marks that record transmitida then acusada. Both stores live in the same database, but the
// hooks run after the workflow's commit, so the watchdog (acta-watchdog.ts) repairs what a crash
// between the two could leave, at start-up and then every WATCHDOG_PERIOD_MS, and raises an
// alarm for what it cannot repair. With a transmission profile (transmit.profile), a record's
// pages are first derived into their lighter copies (transmission-copies.ts) in the background;
// the entry is enqueued once every page is decided, and a crash meanwhile is repaired the same
// way (the watchdog finds the acta en cola with no entry and derives again).
import type { ActaWorkflow } from '../workflow';
import type { BlobStore } from '../capture/store';
import type { Outbox } from './outbox';
import type { Transmitter } from './transmitter';
import type { Logger } from '../platform/logger';
import type { ActaSummary } from '../../shared/workflow';
import { watchdogPass, type TransmissionAlarm, type WatchdogPass } from './acta-watchdog';
import type { TransmissionCopies } from './transmission-copies';

/** How often the watchdog walks every queued acta and every outbox entry. */
export const WATCHDOG_PERIOD_MS = 30_000;

export class ActaTransmission {
  transmitter: Transmitter | null = null;
  private lastAlarms: TransmissionAlarm[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Actas whose pages are being derived now (one derivation per acta at a time). */
  private readonly deriving = new Set<number>();

  constructor(
    private readonly workflow: ActaWorkflow,
    private readonly outbox: Outbox,
    private readonly blobs: BlobStore,
    private readonly log: Logger,
    /** Lighter copies to send instead of the scans (null: the scans travel as they are). */
    private readonly copies: TransmissionCopies | null = null,
  ) {}

  /**
   * WorkflowHooks.onQueued: the acta entered en_cola (verified, or released from a hold). An
   * entry already waiting is released rather than enqueued again: one record, one manifest.
   */
  readonly onQueued = (acta: ActaSummary): void => {
    const standing = this.outbox.standing(acta.id);
    if (standing === 'absent') this.enqueue(acta.id);
    else if (standing === 'waiting' && this.outbox.holdActa(acta.id, null) > 0) this.transmitter?.wake();
  };

  /** WorkflowHooks.onHeld: a supervisor held the acta; its waiting entry must not leave. */
  readonly onHeld = (acta: ActaSummary): void => {
    this.outbox.holdActa(acta.id, 'held');
    this.cancel(acta.id);
  };

  /** WorkflowHooks.onAnnulled: an annulled acta is never sent. */
  readonly onAnnulled = (acta: ActaSummary): void => {
    if (this.outbox.holdActa(acta.id, 'annulled') > 0)
      this.log.info('acta-annulled-unsent', { key: acta.keyId, actaId: acta.id });
    this.cancel(acta.id);
  };

  private cancel(actaId: number): void {
    const entry = this.outbox.entryOfActa(actaId);
    if (entry) this.transmitter?.cancel(entry.id);
  }

  /** Enqueues one record; false (logged) when it cannot be. */
  private enqueue(actaId: number): boolean {
    let item;
    try {
      item = this.workflow.transmissionItem(actaId);
    } catch (err) {
      this.log.error('acta-enqueue-failed', { actaId, error: (err as Error).message, detail: '' });
      return false;
    }
    // The records this one replaces are named by their own idempotency keys, whether or not the
    // central has them yet; a replaced record that never reached the outbox has none to name.
    const supersedes = item.supersedesActas.flatMap((id) => {
      const e = this.outbox.entryOfActa(id);
      return e ? [e.idempotencyKey] : [];
    });
    const scanned = item.images.map((i) => ({
      sha256: i.sha256,
      size: i.size,
      path: this.blobs.pathFor(i.sha256),
    }));
    const images = this.copies ? this.copies.travelling(scanned) : scanned;
    if (!images) {
      this.deriveThenEnqueue(actaId, item.actaKey, scanned);
      return true;
    }
    const r = this.outbox.enqueue({
      actaId,
      actaKey: item.actaKey,
      record: item.record,
      resolution: item.resolution,
      supersedes,
      images,
      times: item.times,
      stationId: item.stationId,
      operatorId: item.operatorId,
    });
    if (!r.ok) {
      this.log.error('acta-enqueue-failed', { actaId, error: r.error.messageKey, detail: r.error.detail });
      return false;
    }
    this.log.info('acta-enqueued', { actaId, outboxId: r.value.id });
    this.transmitter?.wake();
    return true;
  }

  /**
   * Derives the record's copies, then enqueues it if it is still en cola (a hold or an annul
   * meanwhile is the workflow's: the entry follows, as the watchdog would make it). A failure
   * (disk full) is logged; the next watchdog pass tries again.
   */
  private deriveThenEnqueue(
    actaId: number,
    actaKey: string,
    pages: Parameters<TransmissionCopies['derive']>[1],
  ) {
    if (!this.copies || this.deriving.has(actaId)) return;
    this.deriving.add(actaId);
    this.copies
      .derive(actaKey, pages)
      .then(() => {
        this.deriving.delete(actaId);
        const acta = this.workflow.find(actaId);
        if (acta?.state !== 'en_cola' || this.outbox.standing(actaId) !== 'absent') return;
        if (this.enqueue(actaId) && acta.held) this.outbox.holdActa(actaId, 'held');
      })
      .catch((err: unknown) => {
        this.deriving.delete(actaId);
        this.log.error('transmit-copy-failed', { actaId, actaKey, error: (err as Error).message });
      });
  }

  /** Transmitter 'delivered' event: the central's signed receipt closes the acta record. */
  delivered(outboxId: number, link: string): boolean {
    const receipt = this.outbox.receiptOf(outboxId);
    const entry = this.outbox.get(outboxId);
    if (!receipt || !entry) return false;
    // An annulled record's delivery changes nothing here: the watchdog says whether it matters.
    if (entry.actaId !== null && this.workflow.find(entry.actaId)?.state === 'anulada') return true;
    const ref = entry.actaId === null ? entry.actaKey : { actaId: entry.actaId };
    try {
      this.workflow.markTransmitted(ref, link);
      this.workflow.markAcknowledged(ref, receipt.receipt.receiptId);
      return true;
    } catch (err) {
      this.log.error('acta-ack-failed', { outboxId, actaKey: entry.actaKey, error: (err as Error).message });
      return false;
    }
  }

  /** One watchdog pass over every queued acta and every outbox entry: repairs, then alarms. */
  reconcile(): WatchdogPass {
    const pass = watchdogPass(this.workflow.transmissionLedger(), this.outbox.ledger(), {
      enqueue: (actaId) => this.enqueue(actaId),
      applyReceipt: (outboxId) => this.delivered(outboxId, 'recuperado'),
      hold: (actaId, hold) => {
        const changed = this.outbox.holdActa(actaId, hold) > 0;
        if (hold) this.cancel(actaId);
        else this.transmitter?.wake();
        return changed;
      },
    });
    const { enqueued, acknowledged, holdsFixed, alarms } = pass;
    if (enqueued || acknowledged || holdsFixed)
      this.log.info('acta-transmission-reconciled', { enqueued, acknowledged, holdsFixed });
    const before = new Set(this.lastAlarms.map(alarmId));
    for (const a of alarms) if (!before.has(alarmId(a))) this.log.error('transmission-alarm', { ...a });
    this.lastAlarms = alarms;
    return pass;
  }

  /** What the last pass could not repair: shown to the supervisor and counted in the heartbeat. */
  alarms(): readonly TransmissionAlarm[] {
    return this.lastAlarms;
  }

  /** Runs the watchdog every WATCHDOG_PERIOD_MS until stop(). */
  start(periodMs = WATCHDOG_PERIOD_MS): void {
    this.stop();
    this.timer = setInterval(() => {
      try {
        this.reconcile();
      } catch (err) {
        this.log.error('transmission-watchdog-failed', { error: (err as Error).message });
      }
    }, periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function alarmId(a: TransmissionAlarm): string {
  return `${a.kind}:${a.actaId ?? ''}:${a.outboxId ?? ''}`;
}
