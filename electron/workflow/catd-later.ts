// Tables owned: catd_later_sightings.
// The other side of a late acopio report (catd-sightings.ts): this station received a key first,
// and another station of the CATD received it after, a report sent when its link came back or a
// second copy of the paper. That station's supervisor decides about its copy; this one's must
// know too (two papers of one casilla: someone should ask why), so the CATD view carries those
// later acopios (shared/catd-view.ts `later`) and each becomes, once, an audited notice on this
// station's acta that the supervisor console lists. This acta itself does not change.
import { stamp } from '../platform/clock';
import type { LaterSighting } from '../../shared/catd-view';
import { ACTA_STATES, type CatdLaterNotice } from '../../shared/workflow';
import { displayActaKey, parseActaKey } from '../../shared/acta-key';
import { SYSTEM_ACTOR } from './actor';
import { subject, WorkflowPart } from './workflow-part';

interface NoticeRow {
  acta_id: number;
  key_id: string;
  station_name: string;
  received_at_utc: string;
  received_offset: number;
  learnt_at_utc: string;
}

export class CatdLater extends WorkflowPart {
  /** Records the later acopios not heard of before; the new ones (a notice each). */
  learn(later: readonly LaterSighting[]): CatdLaterNotice[] {
    if (later.length === 0) return [];
    return this.tx(() => {
      const at = stamp(this.clock);
      const learnt: CatdLaterNotice[] = [];
      const insert = this.db.prepare(
        `INSERT INTO catd_later_sightings
           (key_id, station_id, acta_id, station_name, received_at_utc, received_offset, learnt_at_utc)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      );
      for (const s of later) {
        // This station's record of the key: the standing one, else the latest annulled.
        const records = this.actas.byKey(s.actaKey, ACTA_STATES);
        const a = records.find((r) => r.state !== 'anulada') ?? records.at(-1);
        if (!a) continue; // the central says so, the station has no such acta: nothing to show
        const row = [
          s.actaKey,
          s.stationId,
          a.id,
          s.stationName,
          s.receivedAt,
          s.offsetMinutes,
          at.utc,
        ] as const;
        if (insert.run(...row).changes === 0) continue;
        this.audit.append(SYSTEM_ACTOR.id, 'acta.catdLater', subject(a.id), {
          role: SYSTEM_ACTOR.role,
          state: a.state,
          keyId: s.actaKey,
          later: {
            stationId: s.stationId,
            stationName: s.stationName,
            receivedAt: s.receivedAt,
            offsetMinutes: s.offsetMinutes,
          },
        });
        learnt.push(
          noticeOf({
            acta_id: a.id,
            key_id: s.actaKey,
            key_label: a.key_label,
            station_name: s.stationName,
            received_at_utc: s.receivedAt,
            received_offset: s.offsetMinutes,
            learnt_at_utc: at.utc,
          }),
        );
      }
      return learnt;
    });
  }

  /** The latest notices, newest first: what the supervisor console lists. */
  notices(limit: number): CatdLaterNotice[] {
    return this.db
      .prepare<[number], NoticeRow>(
        `SELECT acta_id, key_id, station_name, received_at_utc, received_offset, learnt_at_utc
         FROM catd_later_sightings ORDER BY learnt_at_utc DESC, received_at_utc DESC LIMIT ?`,
      )
      .all(limit)
      .map((r) => noticeOf({ ...r, key_label: this.actas.get(r.acta_id)?.key_label ?? r.key_id }));
  }
}

function noticeOf(r: NoticeRow & { key_label: string }): CatdLaterNotice {
  const parsed = parseActaKey(r.key_label);
  return {
    actaId: r.acta_id,
    keyId: r.key_id,
    display: parsed.ok ? displayActaKey(parsed.key) : r.key_id,
    stationName: r.station_name,
    receivedAt: { utc: r.received_at_utc, offsetMinutes: r.received_offset },
    learntAt: r.learnt_at_utc,
  };
}
