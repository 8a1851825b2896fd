// Rows of `actas`, `acta_scans` and `acta_pages` (this module owns those tables) and their mapping
// to what screens see. No rules here: the workflow decides, this reads and writes.
import type { Db } from '../store/db';
import type { StampedTime } from '../platform/clock';
import { displayActaKey, parseActaKey } from '../../shared/acta-key';
import type {
  ActaState,
  ActaSummary,
  CatalogueStatus,
  KeySource,
  PageIdentification,
  PageReason,
  PageSummary,
} from '../../shared/workflow';

export interface ActaRow {
  id: number;
  key_id: string;
  key_label: string;
  record_no: number;
  state: ActaState;
  version: number;
  key_source: KeySource;
  catalogue: CatalogueStatus;
  received_at_utc: string;
  received_offset: number;
  received_by: string;
  scanned_at_utc: string | null;
  scanned_offset: number | null;
  verified_at_utc: string | null;
  verified_offset: number | null;
  verified_by: string | null;
  queued_at_utc: string | null;
  queued_offset: number | null;
  transmitted_at_utc: string | null;
  transmitted_offset: number | null;
  transmitted_link: string | null;
  acknowledged_at_utc: string | null;
  acknowledged_offset: number | null;
  receipt_id: string | null;
  held: number;
  conflict_with: number | null;
  supersedes_acta: number | null;
  rejection_reason: string | null;
  rejected_by: string | null;
  annul_reason: string | null;
  annulled_by: string | null;
  current_scan: number;
  updated_at_utc: string;
  updated_offset: number;
}

export interface PageRow {
  id: number;
  acta_id: number;
  scan_no: number;
  position: number;
  sha256: string;
  size: number;
  format: string;
  preview: string | null;
  scanned_at_utc: string;
  scanned_offset: number;
  suitable: number;
  reasons: string;
  identification: PageIdentification;
  identified_key_id: string | null;
  accepted_by: string | null;
  accepted_reason: string | null;
  superseded_by_scan: number | null;
  superseded_by_page: number | null;
}

export interface ScanRow {
  acta_id: number;
  scan_no: number;
  started_at_utc: string;
  started_offset: number;
  operator_id: string;
  ended_at_utc: string | null;
  outcome: string | null;
  detail: string | null;
}

/** Acta columns a transition may set beside state and version. */
export type ActaPatch = Partial<
  Omit<ActaRow, 'id' | 'key_id' | 'key_label' | 'state' | 'version' | 'updated_at_utc' | 'updated_offset'>
>;

function time(utc: string | null, offset: number | null): StampedTime | null {
  return utc === null || offset === null ? null : { utc, offsetMinutes: offset };
}

export function pageIsCurrent(p: PageRow, acta: ActaRow): boolean {
  return p.scan_no === acta.current_scan && p.superseded_by_scan === null;
}

/** A page counts as good when the gate found it suitable or a supervisor accepted it. */
export function pageIsGood(p: PageRow): boolean {
  return p.suitable === 1 || p.accepted_by !== null;
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

  allPageHashes(): Set<string> {
    return new Set(
      this.db
        .prepare<[], { sha256: string }>('SELECT DISTINCT sha256 FROM acta_pages')
        .all()
        .map((r) => r.sha256),
    );
  }

  // ---- Mapping

  summary(a: ActaRow): ActaSummary {
    const parsed = parseActaKey(a.key_label);
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
      rejection: a.rejection_reason ? { reason: a.rejection_reason, by: a.rejected_by ?? '' } : null,
      annulment: a.annul_reason ? { reason: a.annul_reason, by: a.annulled_by ?? '' } : null,
      scanning: this.runningScan(a.id) !== undefined,
      pageCount,
      updatedAt: { utc: a.updated_at_utc, offsetMinutes: a.updated_offset },
    };
  }
}

export function pageSummary(p: PageRow): PageSummary {
  return {
    id: p.id,
    actaId: p.acta_id,
    scanNo: p.scan_no,
    position: p.position,
    sha256: p.sha256,
    size: p.size,
    format: p.format,
    scannedAt: { utc: p.scanned_at_utc, offsetMinutes: p.scanned_offset },
    suitable: p.suitable === 1,
    reasons: JSON.parse(p.reasons) as PageReason[],
    identification: p.identification,
    identifiedKeyId: p.identified_key_id,
    acceptedBy: p.accepted_by ? { supervisorId: p.accepted_by, reason: p.accepted_reason ?? '' } : null,
    supersededByScan: p.superseded_by_scan,
    supersededByPage: p.superseded_by_page,
    preview: p.preview,
  };
}
