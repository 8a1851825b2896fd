// The row shapes of the acta tables (owned by acta-store.ts) and the pure rules read off them:
// which page is current, which counts as good, and a page as screens see it.
import type {
  ActaState,
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
  /**
   * The state a late CATD report took it from into en_conflicto (catd-sightings.ts): where the
   * supervisor's "keep" or "replace" sends it back, so a verified acta is not scanned again.
   */
  conflict_from: ActaState | null;
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

export interface ActaMilestones {
  received: string;
  digitised: string | null;
  verified: string | null;
  sent: string | null;
  acknowledged: string | null;
}

/** Acta columns a transition may set beside state and version. */
export type ActaPatch = Partial<
  Omit<ActaRow, 'id' | 'key_id' | 'key_label' | 'state' | 'version' | 'updated_at_utc' | 'updated_offset'>
>;

export function pageIsCurrent(p: PageRow, acta: ActaRow): boolean {
  return p.scan_no === acta.current_scan && p.superseded_by_scan === null;
}

/** A page counts as good when the gate found it suitable or a supervisor accepted it. */
export function pageIsGood(p: PageRow): boolean {
  return p.suitable === 1 || p.accepted_by !== null;
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
