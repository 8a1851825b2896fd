// The transmission watchdog: compares every acta that ever entered the queue with every outbox
// entry, however many, and repairs what it safely can (an acta "En cola" with nothing waiting to
// be sent is enqueued; a receipt not yet applied is applied; a hold the outbox lost is put back).
// What it cannot repair becomes an alarm for the supervisor, counted in the heartbeat: an acta is
// never left waiting for ever with no screen saying so.
import type { OutboxLedgerRow } from './outbox-types';
import type { TransmissionLedgerRow } from '../workflow';

export const TRANSMISSION_ALARM_KINDS = [
  /** An acta en cola or sent that the outbox does not hold, and enqueuing it failed. */
  'queuedWithoutEntry',
  /** An outbox entry no acta record owns (deleted, or an older station's entry that could not be matched). */
  'entryWithoutActa',
  /** The central acknowledged an acta the supervisor annulled, and no later record replaces it. */
  'annulledButCounted',
  /** The central acknowledged the acta but marking it acknowledged failed. */
  'receiptNotApplied',
  /** An acta en cola whose outbox entry was stopped for good (as if annulled). */
  'entryStopped',
  /**
   * Annulled after a send had begun and was cut short (a hold, then the annul): the central may
   * have committed it before the cut, with no receipt here to say so. Check it at the central.
   */
  'annulledAfterAttempt',
] as const;
export type TransmissionAlarmKind = (typeof TRANSMISSION_ALARM_KINDS)[number];

export interface TransmissionAlarm {
  kind: TransmissionAlarmKind;
  actaId: number | null;
  actaKey: string;
  outboxId: number | null;
}

/** What the watchdog may do to repair; each returns whether the repair took. */
export interface WatchdogRepairs {
  enqueue(actaId: number): boolean;
  applyReceipt(outboxId: number): boolean;
  /** Whether the entry's hold changed. */
  hold(actaId: number, hold: 'held' | 'annulled' | null): boolean;
}

export interface WatchdogPass {
  enqueued: number;
  acknowledged: number;
  holdsFixed: number;
  alarms: TransmissionAlarm[];
}

/**
 * One pass. An annulled record a later record replaces may well have been counted: the central
 * marks it superseded when the replacement arrives, so its delivery is not an alarm.
 */
export function watchdogPass(
  actas: readonly TransmissionLedgerRow[],
  entries: readonly OutboxLedgerRow[],
  repair: WatchdogRepairs,
): WatchdogPass {
  const pass: WatchdogPass = { enqueued: 0, acknowledged: 0, holdsFixed: 0, alarms: [] };
  const entryOf = new Map<number, OutboxLedgerRow>();
  for (const e of entries) if (e.actaId !== null) entryOf.set(e.actaId, e);
  const actaIds = new Set(actas.map((a) => a.id));

  for (const a of actas) {
    const e = entryOf.get(a.id);
    const alarm = (kind: TransmissionAlarmKind) =>
      pass.alarms.push({ kind, actaId: a.id, actaKey: a.keyId, outboxId: e?.id ?? null });
    if (a.state === 'en_cola' || a.state === 'transmitida') {
      if (!e) {
        if (repair.enqueue(a.id)) {
          pass.enqueued++;
          if (a.held) repair.hold(a.id, 'held');
        } else alarm('queuedWithoutEntry');
      } else if (e.state === 'delivered') {
        if (repair.applyReceipt(e.id)) pass.acknowledged++;
        else alarm('receiptNotApplied');
      } else {
        // The acta's own hold is what the supervisor decided; the entry follows it.
        const want = a.held ? 'held' : null;
        if (e.hold !== want) {
          if (repair.hold(a.id, want)) pass.holdsFixed++;
          else alarm('entryStopped');
        }
      }
    } else if (a.state === 'anulada' && e) {
      if (e.state === 'delivered') {
        if (!a.replaced) alarm('annulledButCounted');
      } else {
        if (e.hold !== 'annulled' && repair.hold(a.id, 'annulled')) pass.holdsFixed++;
        if (e.manifestsOut > 0 && !a.replaced) alarm('annulledAfterAttempt');
      }
    }
  }
  for (const e of entries)
    if (e.state !== 'delivered' && e.hold !== 'annulled' && (e.actaId === null || !actaIds.has(e.actaId)))
      pass.alarms.push({ kind: 'entryWithoutActa', actaId: e.actaId, actaKey: e.actaKey, outboxId: e.id });
  return pass;
}
