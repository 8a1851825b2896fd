// Tables owned: actas, acta_scans, acta_pages.
// Their rows and the mapping to what screens see; the only module that runs SQL on them. No rules
// here: the workflow decides, this reads and writes.
import type { Db } from '../store/db';
import type { StampedTime } from '../platform/clock';
import { displayActaKey, parseActaKey } from '../../shared/acta-key';
import {
  ACTIVE_ACTA_STATES,
  type ActaState,
  type ActaSummary,
  type CatalogueStatus,
  type KeySource,
} from '../../shared/workflow';
import type { ActaMilestones, ActaPatch, ActaRow, PageRow, ScanRow } from './acta-rows';

function time(utc: string | null, offset: number | null): StampedTime | null {
  return utc === null || offset === null ? null : { utc, offsetMinutes: offset };
}

export class ActaStore {
  constructor(private readonly db: Db) {}

  get(id: number): ActaRow | undefined {
    return this.db.prepare<[number], ActaRow>('SELECT * FROM actas WHERE id = ?').get(id);
  }

  /** Actas of a key in the given states, oldest first. */
  byKey(keyId: string, states: readonly ActaState[]): ActaRow[] {
    const marks = states.map(() => '?').join(',');
    return this.db
      .prepare<unknown[], ActaRow>(`SELECT * FROM actas WHERE key_id = ? AND state IN (${marks}) ORDER BY id`)
      .all(keyId, ...states);
  }

  /**
   * The records that stand for a key, oldest first: active, and not replaced by a later record
   * that is itself not annulled (a replaced record stays acusada, but no longer stands).
   */
  standingForKey(keyId: string): ActaRow[] {
    const marks = ACTIVE_ACTA_STATES.map(() => '?').join(',');
    return this.db
      .prepare<unknown[], ActaRow>(
        `SELECT * FROM actas a WHERE a.key_id = ? AND a.state IN (${marks})
           AND NOT EXISTS (SELECT 1 FROM actas b WHERE b.supersedes_acta = a.id AND b.state <> 'anulada')
         ORDER BY a.id`,
      )
      .all(keyId, ...ACTIVE_ACTA_STATES);
  }

  /** Actas that entered the queue at some time (queued_at is set once, at en_cola), oldest first. */
  everQueued(): Array<Pick<ActaRow, 'id' | 'key_id' | 'state' | 'held'> & { replaced: number }> {
    return this.db
      .prepare<[], Pick<ActaRow, 'id' | 'key_id' | 'state' | 'held'> & { replaced: number }>(
        `SELECT a.id, a.key_id, a.state, a.held,
           EXISTS (SELECT 1 FROM actas b WHERE b.supersedes_acta = a.id AND b.state <> 'anulada') AS replaced
         FROM actas a WHERE a.queued_at_utc IS NOT NULL ORDER BY a.id`,
      )
      .all();
  }

  maxRecordNo(keyId: string): number {
    return (
      this.db
        .prepare<[string], { n: number | null }>('SELECT max(record_no) AS n FROM actas WHERE key_id = ?')
        .get(keyId)?.n ?? 0
    );
  }

  insert(a: {
    keyId: string;
    keyLabel: string;
    state: ActaState;
    keySource: KeySource;
    catalogue: CatalogueStatus;
    receivedAt: StampedTime;
    receivedBy: string;
    conflictWith: number | null;
  }): number {
    const r = this.db
      .prepare(
        `INSERT INTO actas (key_id, key_label, state, key_source, catalogue, received_at_utc, received_offset,
           received_by, conflict_with, updated_at_utc, updated_offset)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.keyId,
        a.keyLabel,
        a.state,
        a.keySource,
        a.catalogue,
        a.receivedAt.utc,
        a.receivedAt.offsetMinutes,
        a.receivedBy,
        a.conflictWith,
        a.receivedAt.utc,
        a.receivedAt.offsetMinutes,
      );
    return Number(r.lastInsertRowid);
  }

  /**
   * Writes a new state (or the same) and patch, only if the version is still `version`: the
   * optimistic lock. Returns false when someone else changed the acta first.
   */
  update(id: number, version: number, state: ActaState, patch: ActaPatch, at: StampedTime): boolean {
    const cols = Object.keys(patch) as Array<keyof ActaPatch>;
    const sets = [
      'state = ?',
      'version = version + 1',
      'updated_at_utc = ?',
      'updated_offset = ?',
      ...cols.map((c) => `${c} = ?`),
    ];
    const r = this.db
      .prepare(`UPDATE actas SET ${sets.join(', ')} WHERE id = ? AND version = ?`)
      .run(state, at.utc, at.offsetMinutes, ...cols.map((c) => patch[c] ?? null), id, version);
    return r.changes === 1;
  }

  // ---- Scans

  runningScan(actaId: number): ScanRow | undefined {
    return this.db
      .prepare<[number], ScanRow>('SELECT * FROM acta_scans WHERE acta_id = ? AND ended_at_utc IS NULL')
      .get(actaId);
  }

  allRunningScans(): ScanRow[] {
    return this.db
      .prepare<[], ScanRow>('SELECT * FROM acta_scans WHERE ended_at_utc IS NULL ORDER BY acta_id')
      .all();
  }

  nextScanNo(actaId: number): number {
    return (
      (this.db
        .prepare<[number], { n: number | null }>('SELECT max(scan_no) AS n FROM acta_scans WHERE acta_id = ?')
        .get(actaId)?.n ?? 0) + 1
    );
  }

  insertScan(actaId: number, scanNo: number, at: StampedTime, operatorId: string): void {
    this.db
      .prepare(
        'INSERT INTO acta_scans (acta_id, scan_no, started_at_utc, started_offset, operator_id) VALUES (?, ?, ?, ?, ?)',
      )
      .run(actaId, scanNo, at.utc, at.offsetMinutes, operatorId);
  }

  endScan(actaId: number, scanNo: number, at: StampedTime, outcome: string, detail: string | null): void {
    this.db
      .prepare(
        'UPDATE acta_scans SET ended_at_utc = ?, outcome = ?, detail = ? WHERE acta_id = ? AND scan_no = ?',
      )
      .run(at.utc, outcome, detail, actaId, scanNo);
  }

  // ---- Pages

  insertPage(
    p: Omit<PageRow, 'id' | 'accepted_by' | 'accepted_reason' | 'superseded_by_scan' | 'superseded_by_page'>,
  ): number {
    const r = this.db
      .prepare(
        `INSERT INTO acta_pages (acta_id, scan_no, position, sha256, size, format, preview, scanned_at_utc,
           scanned_offset, suitable, reasons, identification, identified_key_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.acta_id,
        p.scan_no,
        p.position,
        p.sha256,
        p.size,
        p.format,
        p.preview,
        p.scanned_at_utc,
        p.scanned_offset,
        p.suitable,
        p.reasons,
        p.identification,
        p.identified_key_id,
      );
    return Number(r.lastInsertRowid);
  }

  page(id: number): PageRow | undefined {
    return this.db.prepare<[number], PageRow>('SELECT * FROM acta_pages WHERE id = ?').get(id);
  }

  pages(actaId: number): PageRow[] {
    return this.db
      .prepare<[number], PageRow>('SELECT * FROM acta_pages WHERE acta_id = ? ORDER BY scan_no, position')
      .all(actaId);
  }

  scanPages(actaId: number, scanNo: number): PageRow[] {
    return this.db
      .prepare<[number, number], PageRow>(
        'SELECT * FROM acta_pages WHERE acta_id = ? AND scan_no = ? ORDER BY position',
      )
      .all(actaId, scanNo);
  }

  /** Older pages are kept and linked to the scan (and page at the same position) that replaced them. */
  supersedeBefore(actaId: number, scanNo: number): number {
    return this.db
      .prepare(
        `UPDATE acta_pages SET superseded_by_scan = ?,
           superseded_by_page = coalesce(
             (SELECT n.id FROM acta_pages n WHERE n.acta_id = acta_pages.acta_id AND n.scan_no = ?
                AND n.position = acta_pages.position),
             (SELECT n.id FROM acta_pages n WHERE n.acta_id = acta_pages.acta_id AND n.scan_no = ?
                ORDER BY n.position LIMIT 1))
         WHERE acta_id = ? AND scan_no < ? AND superseded_by_scan IS NULL`,
      )
      .run(scanNo, scanNo, scanNo, actaId, scanNo).changes;
  }

  acceptPage(id: number, supervisorId: string, reason: string): void {
    this.db
      .prepare('UPDATE acta_pages SET accepted_by = ?, accepted_reason = ? WHERE id = ?')
      .run(supervisorId, reason, id);
  }

  /** What the media route needs to serve a page's image: any page with this hash will do. */
  pageMedia(sha256: string): { format: string; preview: string | null } | undefined {
    return this.db
      .prepare<[string], { format: string; preview: string | null }>(
        'SELECT format, preview FROM acta_pages WHERE sha256 = ? LIMIT 1',
      )
      .get(sha256);
  }

  allPageHashes(): Set<string> {
    return new Set(
      this.db
        .prepare<[], { sha256: string }>('SELECT DISTINCT sha256 FROM acta_pages')
        .all()
        .map((r) => r.sha256),
    );
  }

  // ---- Reads for screens and checks

  /** Actas not yet verified whose catalogue status a new catalogue may change (accepted stays accepted). */
  awaitingCatalogueCheck(): ActaRow[] {
    return this.db
      .prepare<[], ActaRow>(
        `SELECT * FROM actas WHERE state IN ('recibida', 'rechazada', 'digitalizada', 'en_conflicto')
           AND catalogue IN ('in', 'out', 'unchecked')`,
      )
      .all();
  }

  /**
   * One page of actas, newest first, with how many match in all: in one of `states` (any state
   * when absent) and with every term somewhere in the key id or the label.
   */
  search(q: { states?: readonly ActaState[]; terms: readonly string[]; limit: number; offset: number }): {
    rows: ActaRow[];
    total: number;
  } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.states?.length) {
      where.push(`state IN (${q.states.map(() => '?').join(',')})`);
      args.push(...q.states);
    }
    for (const term of q.terms) {
      const t = term.replace(/[%_]/g, '');
      if (t === '') continue;
      // The key id joins fields with "-", the label with "|": "09-05" and "B1" both match one or the other.
      where.push(`(key_id LIKE ? OR replace(key_label, '|', '') LIKE ?)`);
      args.push(`%${t}%`, `%${t.replace(/-/g, '')}%`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total =
      this.db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM actas ${clause}`).get(...args)
        ?.n ?? 0;
    const rows = this.db
      .prepare<unknown[], ActaRow>(`SELECT * FROM actas ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset);
    return { rows, total };
  }

  /** How many actas are in each state (states with none are absent). */
  countByState(): Array<{ state: ActaState; n: number }> {
    return this.db
      .prepare<[], { state: ActaState; n: number }>('SELECT state, count(*) AS n FROM actas GROUP BY state')
      .all();
  }

  /**
   * The standing record of each key (active, not replaced by a later record), with how far it
   * got: 1 recibida/rechazada … 6 acusada. Two records kept by a supervisor give the key's furthest.
   */
  keyStages(): Array<{ keyLabel: string; stage: number }> {
    const marks = ACTIVE_ACTA_STATES.map(() => '?').join(',');
    return this.db
      .prepare<unknown[], { keyLabel: string; stage: number }>(
        `SELECT min(a.key_label) AS keyLabel,
           max(CASE state WHEN 'acusada' THEN 6 WHEN 'transmitida' THEN 5 WHEN 'en_cola' THEN 4
             WHEN 'verificada' THEN 3 WHEN 'digitalizada' THEN 2 ELSE 1 END) AS stage
         FROM actas a WHERE a.state IN (${marks})
           AND NOT EXISTS (SELECT 1 FROM actas b WHERE b.supersedes_acta = a.id AND b.state <> 'anulada')
         GROUP BY a.key_id`,
      )
      .all(...ACTIVE_ACTA_STATES);
  }

  /** Actas in the queue that a supervisor holds. */
  countHeld(): number {
    return (
      this.db
        .prepare<[], { n: number }>(`SELECT count(*) AS n FROM actas WHERE held = 1 AND state = 'en_cola'`)
        .get()?.n ?? 0
    );
  }

  /** Actas outside the catalogue not accepted by a supervisor (annulled ones no longer count). */
  countOutOfCatalogue(): number {
    return (
      this.db
        .prepare<[], { n: number }>(
          `SELECT count(*) AS n FROM actas WHERE catalogue = 'out' AND state NOT IN ('anulada')`,
        )
        .get()?.n ?? 0
    );
  }

  /** When each live acta (not annulled, not in conflict) reached each step, UTC; null: not yet. */
  milestones(): ActaMilestones[] {
    return this.db
      .prepare<[], ActaMilestones>(
        // A scan that was rejected (and not yet redone or accepted) is not "digitised".
        `SELECT received_at_utc AS received,
           CASE WHEN state IN ('recibida', 'rechazada') THEN NULL ELSE scanned_at_utc END AS digitised,
           verified_at_utc AS verified, transmitted_at_utc AS sent, acknowledged_at_utc AS acknowledged
         FROM actas WHERE state NOT IN ('anulada', 'en_conflicto')`,
      )
      .all();
  }

  // ---- Mapping

  summary(a: ActaRow): ActaSummary {
    const parsed = parseActaKey(a.key_label);
    const replacedBy =
      this.db
        .prepare<[number], { record_no: number }>(
          `SELECT record_no FROM actas WHERE supersedes_acta = ? AND state <> 'anulada' ORDER BY id LIMIT 1`,
        )
        .get(a.id)?.record_no ?? null;
    const pageCount =
      this.db
        .prepare<[number, number], { n: number }>(
          'SELECT count(*) AS n FROM acta_pages WHERE acta_id = ? AND scan_no = ? AND superseded_by_scan IS NULL',
        )
        .get(a.id, a.current_scan)?.n ?? 0;
    return {
      id: a.id,
      keyId: a.key_id,
      keyLabel: a.key_label,
      display: parsed.ok ? displayActaKey(parsed.key) : a.key_id,
      state: a.state,
      version: a.version,
      keySource: a.key_source,
      catalogue: a.catalogue,
      receivedAt: { utc: a.received_at_utc, offsetMinutes: a.received_offset },
      receivedBy: a.received_by,
      scannedAt: time(a.scanned_at_utc, a.scanned_offset),
      verifiedAt: time(a.verified_at_utc, a.verified_offset),
      verifiedBy: a.verified_by,
      queuedAt: time(a.queued_at_utc, a.queued_offset),
      transmittedAt: time(a.transmitted_at_utc, a.transmitted_offset),
      transmittedLink: a.transmitted_link,
      acknowledgedAt: time(a.acknowledged_at_utc, a.acknowledged_offset),
      receiptId: a.receipt_id,
      held: a.held === 1,
      conflictWith: a.conflict_with,
      supersedesActa: a.supersedes_acta,
      recordNo: a.record_no,
      replacedByRecord: replacedBy,
      rejection: a.rejection_reason ? { reason: a.rejection_reason, by: a.rejected_by ?? '' } : null,
      annulment: a.annul_reason ? { reason: a.annul_reason, by: a.annulled_by ?? '' } : null,
      scanning: this.runningScan(a.id) !== undefined,
      pageCount,
      updatedAt: { utc: a.updated_at_utc, offsetMinutes: a.updated_offset },
    };
  }
}
