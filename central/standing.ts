// Which record stands for a casilla. A casilla's first record stands alone: a second record of
// the same acta key without a supervisor's resolution is a conflict (never a silent overwrite).
// A station's supervisor may replace a record (the replacement names every record it replaces by
// idempotency key) or keep both (the new record stands beside the others). Replacements may reach
// the central before, after or instead of what they replace: the link is kept in `supersessions`
// and applied to the replaced record whenever it arrives, so the count never depends on the order
// links and USB drives deliver.
import type { Sql, SqlStatement, TxLocks } from './db';
import { casillaLock } from './progress';
import type { Manifest } from '../shared/intake';

/** One record of a casilla as the central holds it. */
export interface CasillaRecord {
  actaKey: string;
  idempotencyKey: string;
  stationId: string;
  /** The station's record number for the key (1 for the first). */
  record: number;
  resolution: Manifest['resolution'];
  receiptId: string;
  receivedAt: string;
  via: string;
  /** Idempotency key of the record that replaced this one, or null while it stands. */
  supersededBy: string | null;
}

/**
 * What a commit of `key` locks (db.ts TxLocks), so that what admit and applySupersessions read
 * cannot change under it: the casilla of its acta (every record of it), its own key and the keys
 * it supersedes (a supersession may name a record not yet here, which then arrives under its own
 * key). The counts are not the commit's business (tally.ts).
 */
export function commitLocks(key: string, m: Manifest): TxLocks {
  return {
    exclusive: [casillaLock(m.actaKey), `key:${key}`, ...m.supersedes.map((k) => `key:${k}`)],
  };
}

/**
 * Whether the record may stand beside what the casilla holds, and (read once, under the commit's
 * locks) the record that replaced it before it arrived, which applySupersessions needs again.
 */
export interface Admission {
  refusal: 'acta_conflict' | null;
  replacedBy: string | null;
}

/** What admit reads of the casilla: one row per replacement already here, one per standing record. */
export interface StandingRow {
  kind: 'by' | 'standing';
  k: string;
  station_id: string | null;
  manifest: string | null;
}

/**
 * The statement admit reads, run first under the commit's locks (CentralDb.tx's `first`): whether
 * a replacement of the record arrived first (then it will not stand, so it cannot conflict), and
 * what stands for the casilla now. Only this station's records bring their manifest (its record
 * number is read from it).
 */
export function standingStatement(key: string, m: Manifest): SqlStatement {
  return {
    sql: `SELECT 'by' AS kind, by_key AS k, NULL AS station_id, NULL AS manifest FROM supersessions WHERE superseded_key = ?
     UNION ALL
     SELECT 'standing' AS kind, idempotency_key AS k, station_id,
            CASE WHEN station_id = ? THEN manifest END AS manifest FROM manifests
       WHERE acta_key = ? AND state = 'done' AND superseded_by IS NULL AND idempotency_key <> ?`,
    params: [key, m.stationId, m.actaKey, key],
  };
}

/**
 * Whether a record may be committed: null, or the refusal. A replacement may only name records
 * of its own station and casilla; a first record may not join a casilla that already has a
 * standing record (but its own station's later records, arrived first, do not count); a
 * supervisor's record may not stand beside another station's. `rows`: standingStatement's.
 */
export async function admit(q: Sql, m: Manifest, rows: StandingRow[]): Promise<Admission> {
  for (const k of m.supersedes) {
    const row = await q.get<{ station_id: string; acta_key: string }>(
      'SELECT station_id, acta_key FROM manifests WHERE idempotency_key = ?',
      [k],
    );
    if (row && (row.station_id !== m.stationId || row.acta_key !== m.actaKey))
      return { refusal: 'acta_conflict', replacedBy: null };
  }
  const by = rows.find((r) => r.kind === 'by');
  if (by) return { refusal: null, replacedBy: by.k };
  const standing = rows.filter((r) => r.kind === 'standing' && !m.supersedes.includes(r.k));
  // A first record is not blocked by its own station's later records: their supervisor decided
  // them with this one already there (kept both), and they may arrive first (this one held, or
  // its link slower). Seen in the model test: record 1 held, record 2 "keep both" sent and
  // acknowledged, record 1 released and refused as a conflict with record 2, for ever.
  const later = (r: (typeof standing)[number]) =>
    r.station_id === m.stationId && (JSON.parse(r.manifest!) as Manifest).record > m.record;
  const blocking =
    m.resolution === null
      ? standing.filter((r) => !later(r))
      : standing.filter((r) => r.station_id !== m.stationId);
  return { refusal: blocking.length ? 'acta_conflict' : null, replacedBy: null };
}

async function replacedBy(q: Sql, key: string): Promise<string | null> {
  const row = await q.get<{ by_key: string }>('SELECT by_key FROM supersessions WHERE superseded_key = ?', [
    key,
  ]);
  return row?.by_key ?? null;
}

/**
 * Inside the commit's transaction, once the record is done: the records it replaces stop
 * standing (now, or when they arrive), and if a replacement of it arrived first, it never stands.
 */
export async function applySupersessions(
  q: Sql,
  key: string,
  m: Manifest,
  admitted: Admission,
): Promise<void> {
  const mark = async (by: string | null, k: string) =>
    q.run(
      `UPDATE manifests SET superseded_by = ? WHERE idempotency_key = ? AND state = 'done' AND superseded_by IS NULL`,
      [by, k],
    );
  for (const k of m.supersedes) {
    await q.run(
      `INSERT INTO supersessions (superseded_key, by_key, station_id, acta_key) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
      [k, key, m.stationId, m.actaKey],
    );
    await mark(await replacedBy(q, k), k);
  }
  // Unchanged since admission unless this record names itself among those it replaces.
  const by = m.supersedes.includes(key) ? await replacedBy(q, key) : admitted.replacedBy;
  if (by) await mark(by, key);
}

interface RecordRow {
  idempotency_key: string;
  station_id: string;
  acta_key: string;
  manifest: string;
  receipt_id: string;
  received_at: string;
  via: string;
  superseded_by: string | null;
}

/** Every committed record, by casilla then arrival; of one casilla if `actaKey` is given. */
export async function casillaRecords(q: Sql, actaKey?: string): Promise<CasillaRecord[]> {
  const rows = await q.all<RecordRow>(
    `SELECT idempotency_key, station_id, acta_key, manifest, receipt_id, received_at, via, superseded_by
     FROM manifests WHERE state = 'done' AND (CAST(? AS TEXT) IS NULL OR acta_key = ?)
     ORDER BY acta_key, received_at, idempotency_key`,
    [actaKey ?? null, actaKey ?? null],
  );
  return rows.map((r) => {
    const m = JSON.parse(r.manifest) as Manifest;
    return {
      actaKey: r.acta_key,
      idempotencyKey: r.idempotency_key,
      stationId: r.station_id,
      record: m.record,
      resolution: m.resolution,
      receiptId: r.receipt_id,
      receivedAt: r.received_at,
      via: r.via,
      supersededBy: r.superseded_by,
    };
  });
}
