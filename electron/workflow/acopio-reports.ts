// Tables owned: acopio_reports.
// The acopios the central has not heard about yet (shared/catd-view.ts). At acopio the station
// asks the central at once (transmit/catd-peer.ts); when that fails (no link, no answer in time)
// the acopio still goes on, and the report is written here in the acopio's own transaction, so
// an outage or a crash never loses it. The transmitter's reporter (transmit/acopio-reporter.ts)
// sends what is due when a link is back; the central keeps one event per station and key, so a
// report sent twice (a crash after the send, before the mark) is recorded once.
import type { StampedTime } from '../platform/clock';
import type { Db } from '../store/db';

export interface AcopioReportRow {
  acta_id: number;
  key_id: string;
  received_at_utc: string;
  received_offset: number;
  state: 'pending' | 'sent' | 'refused';
  attempts: number;
  next_attempt_at_utc: string;
  last_reason: string | null;
  sent_at_utc: string | null;
}

export class AcopioReports {
  constructor(private readonly db: Db) {}

  /** Within the acopio's transaction: the central must hear of this acta's acopio, due now. */
  owe(actaId: number, keyId: string, at: StampedTime): void {
    this.db
      .prepare(
        `INSERT INTO acopio_reports (acta_id, key_id, received_at_utc, received_offset, state, next_attempt_at_utc)
         VALUES (?, ?, ?, ?, 'pending', ?)`,
      )
      .run(actaId, keyId, at.utc, at.offsetMinutes, at.utc);
  }

  /** Reports due at `nowUtc`, oldest acopio first. */
  due(nowUtc: string, limit: number): AcopioReportRow[] {
    return this.db
      .prepare<[string, number], AcopioReportRow>(
        `SELECT * FROM acopio_reports WHERE state = 'pending' AND next_attempt_at_utc <= ?
         ORDER BY next_attempt_at_utc, acta_id LIMIT ?`,
      )
      .all(nowUtc, limit);
  }

  /** Reports not yet accepted by the central (pending, whatever their next attempt). */
  pendingCount(): number {
    return this.db
      .prepare<[], { n: number }>(`SELECT count(*) AS n FROM acopio_reports WHERE state = 'pending'`)
      .get()!.n;
  }

  get(actaId: number): AcopioReportRow | undefined {
    return this.db
      .prepare<[number], AcopioReportRow>('SELECT * FROM acopio_reports WHERE acta_id = ?')
      .get(actaId);
  }

  /** The central recorded it (`sent`) or will never take it (`refused`, e.g. a key of another CATD). */
  settle(actaId: number, state: 'sent' | 'refused', atUtc: string, reason: string | null): void {
    this.db
      .prepare(
        `UPDATE acopio_reports SET state = ?, sent_at_utc = ?, last_reason = ?, attempts = attempts + 1
         WHERE acta_id = ? AND state = 'pending'`,
      )
      .run(state, atUtc, reason, actaId);
  }

  /** Not this time: try again at `nextUtc`. */
  retryAt(actaId: number, nextUtc: string, reason: string): void {
    this.db
      .prepare(
        `UPDATE acopio_reports SET attempts = attempts + 1, next_attempt_at_utc = ?, last_reason = ?
         WHERE acta_id = ? AND state = 'pending'`,
      )
      .run(nextUtc, reason, actaId);
  }

  /** A link came back: every pending report is due now (the backoff was for the outage). */
  dueNow(nowUtc: string): void {
    this.db
      .prepare(
        `UPDATE acopio_reports SET next_attempt_at_utc = ? WHERE state = 'pending' AND next_attempt_at_utc > ?`,
      )
      .run(nowUtc, nowUtc);
  }
}
