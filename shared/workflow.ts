// The acta workflow as both sides see it: states, what a screen shows of an acta and its pages,
// the inputs of every workflow command (zod, so the RPC router validates them at the boundary),
// and the error codes the core answers with. No Node or DOM imports: the renderer compiles this.
import { z } from 'zod';

/**
 * recibida (acopio) → digitalizada (gate ok) → verificada (operator confirmed) → en_cola →
 * transmitida → acusada (signed receipt); rechazada needs a rescan; en_conflicto waits for a
 * supervisor (same key already active); anulada is a supervisor's decision with a reason.
 */
export const ACTA_STATES = [
  'recibida',
  'digitalizada',
  'verificada',
  'en_cola',
  'transmitida',
  'acusada',
  'rechazada',
  'en_conflicto',
  'anulada',
] as const;
export const ActaStateSchema = z.enum(ACTA_STATES);
export type ActaState = z.infer<typeof ActaStateSchema>;

/** States in which an acta counts as "the" acta of its key (a second one is a conflict). */
export const ACTIVE_ACTA_STATES: readonly ActaState[] = [
  'recibida',
  'digitalizada',
  'verificada',
  'en_cola',
  'transmitida',
  'acusada',
  'rechazada',
];

/** A time as stored and shown: UTC instant plus the station's offset then (minutes east of UTC). */
export const StampedTimeSchema = z.object({ utc: z.string(), offsetMinutes: z.number().int() });
export type StampedTime = z.infer<typeof StampedTimeSchema>;

/** How the key reached acopio: the code reader (once) or the keyboard (twice, must match). */
export const KEY_SOURCES = ['reader', 'typed'] as const;
export type KeySource = (typeof KEY_SOURCES)[number];

/**
 * in: found in the loaded catalogue; out: held for a supervisor ("fuera de catálogo");
 * accepted: out, but a supervisor accepted it; unchecked: no catalogue was loaded at acopio.
 */
export const CATALOGUE_STATUSES = ['in', 'out', 'accepted', 'unchecked'] as const;
export type CatalogueStatus = (typeof CATALOGUE_STATUSES)[number];

export const CONFLICT_RESOLUTIONS = ['keep_existing', 'replace', 'keep_both'] as const;
export const ConflictResolutionSchema = z.enum(CONFLICT_RESOLUTIONS);
export type ConflictResolution = z.infer<typeof ConflictResolutionSchema>;

/** What the identification of a page's QR said about the acta it was scanned for. */
export const PAGE_IDENTIFICATIONS = ['match', 'mismatch', 'unreadable', 'invalid', 'none'] as const;
export type PageIdentification = (typeof PAGE_IDENTIFICATIONS)[number];

/**
 * A reason a page is not (or barely) suitable: the gate's reasons (quality.reason.*), a file the
 * gate could not judge (quality.error.*), or the workflow's own (identification mismatch).
 */
export interface PageReason {
  code: string;
  severity: 'reject' | 'warn';
  messageKey: string;
  value?: number;
  threshold?: number;
  /** For identificationMismatch: the key id the QR holds. */
  found?: string;
}

export interface PageSummary {
  id: number;
  actaId: number;
  /** Which scan of the acta produced it (1 = first scan, 2 = first rescan, ...). */
  scanNo: number;
  /** 1-based order within its scan. */
  position: number;
  /** The integrity code: SHA-256 of the stored original bytes. */
  sha256: string;
  size: number;
  format: string;
  scannedAt: StampedTime;
  suitable: boolean;
  reasons: PageReason[];
  identification: PageIdentification;
  /** Key id the QR held, when it held a valid key. */
  identifiedKeyId: string | null;
  /** Supervisor override of a gate rejection. */
  acceptedBy: { supervisorId: string; reason: string } | null;
  /** The scan that replaced this page (the page is kept, never deleted). */
  supersededByScan: number | null;
  /** Page of the newer scan at the same position (or its first page). */
  supersededByPage: number | null;
  /** File name of the screen preview in the previews folder, if one was derived. */
  preview: string | null;
}

/** Another station of the CATD received, after this one, a key this station had first (workflow/catd-later.ts). */
export interface CatdLaterNotice {
  actaId: number;
  keyId: string;
  /** "PRES · 09-05 · 1234 B1". */
  display: string;
  /** The other station, as its operators call it ("Estación 2"). */
  stationName: string;
  /** When that station received it, by its clock. */
  receivedAt: { utc: string; offsetMinutes: number };
  /** When this station learnt it. */
  learntAt: string;
}

export interface ActaSummary {
  id: number;
  /** actaKeyId(): "2024-PRES-09-05-1234-B1". */
  keyId: string;
  /** The label text, check digit included: "PREP|2024|PRES|09|05|1234|B|1|8". */
  keyLabel: string;
  /** displayActaKey(): "PRES · 09-05 · 1234 B1". */
  display: string;
  state: ActaState;
  /** Optimistic concurrency: pass it back with every command on this acta. */
  version: number;
  keySource: KeySource;
  catalogue: CatalogueStatus;
  receivedAt: StampedTime;
  receivedBy: string;
  scannedAt: StampedTime | null;
  verifiedAt: StampedTime | null;
  verifiedBy: string | null;
  queuedAt: StampedTime | null;
  transmittedAt: StampedTime | null;
  transmittedLink: string | null;
  acknowledgedAt: StampedTime | null;
  receiptId: string | null;
  /** en_cola with a supervisor's hold: the transmitter must not send it. */
  held: boolean;
  /** en_conflicto: the active acta with the same key. */
  conflictWith: number | null;
  /** After "replace": the acta this one replaced. */
  supersedesActa: number | null;
  /** 1 for the key's first record; a record a supervisor let in (replace, keep both) takes the next. */
  recordNo: number;
  /** A later record (not annulled) replaces this one: its record number. This one no longer counts. */
  replacedByRecord: number | null;
  /** Message keys of why it is rechazada (or was annulled). */
  rejection: { reason: string; by: string } | null;
  annulment: { reason: string; by: string } | null;
  /** A scan is running (or was interrupted and not yet recovered). */
  scanning: boolean;
  /** Pages of the current scan (not superseded). */
  pageCount: number;
  updatedAt: StampedTime;
}

export interface ActaHistoryEntry {
  seq: number;
  at: StampedTime;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

export interface ActaDetail {
  acta: ActaSummary;
  /** Every page ever scanned for it, current and superseded, by scan then position. */
  pages: PageSummary[];
  history: ActaHistoryEntry[];
}

export const ListActasQuerySchema = z
  .object({
    states: z.array(ActaStateSchema).max(ACTA_STATES.length).optional(),
    /** Part of the key, as typed: "1234", "09-05", "PRES|2024", "1234 B1". */
    search: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export type ListActasQuery = z.input<typeof ListActasQuerySchema>;

export interface DashboardCounts {
  /** Casillas in the loaded catalogue (0 when none is loaded). */
  expected: number;
  /**
   * Cumulative funnel by casilla: casillas of the catalogue (every casilla seen, without one)
   * whose least advanced acta got at least this far (anuladas, conflicts and replaced records
   * excluded; two records kept count once; keys outside the catalogue count in outOfCatalogue).
   */
  received: number;
  digitised: number;
  verified: number;
  queued: number;
  sent: number;
  acknowledged: number;
  /** Where work is waiting. */
  byState: Record<ActaState, number>;
  held: number;
  outOfCatalogue: number;
  /** Catalogue casillas no acta has reached yet: how many, and the first ones ("09-05 · 1234 B1"). */
  missingTotal: number;
  missing: string[];
}

export interface TimeSeriesPoint {
  /** Start of the bucket (UTC ISO). */
  bucketStart: string;
  received: number;
  digitised: number;
  verified: number;
  sent: number;
  acknowledged: number;
}

// ---- Command inputs (validated by the RPC router; actor and role come from the session).

const reason = z.string().trim().min(3).max(500);
const keyText = z.string().max(64);

export const ReceiveActaInputSchema = z
  .object({
    keyText,
    /** Required when source is "typed": the key typed a second time. */
    keyConfirm: keyText.optional(),
    source: z.enum(KEY_SOURCES),
  })
  .strict();
export type ReceiveActaInput = z.infer<typeof ReceiveActaInputSchema>;

const actaRef = { actaId: z.number().int().positive(), version: z.number().int().positive() };

export const VerifyActaInputSchema = z
  .object({
    ...actaRef,
    /** Required when no page's QR identified the acta: the key typed twice. */
    typedKey: z.object({ text: keyText, confirm: keyText }).strict().optional(),
  })
  .strict();
export type VerifyActaInput = z.infer<typeof VerifyActaInputSchema>;

export const ActaCommandInputSchema = z.object(actaRef).strict();
export type ActaCommandInput = z.infer<typeof ActaCommandInputSchema>;

export const ActaReasonInputSchema = z.object({ ...actaRef, reason }).strict();
export type ActaReasonInput = z.infer<typeof ActaReasonInputSchema>;

export const AcceptPageInputSchema = z
  .object({ ...actaRef, pageId: z.number().int().positive(), reason })
  .strict();
export type AcceptPageInput = z.infer<typeof AcceptPageInputSchema>;

export const ResolveConflictInputSchema = z
  .object({ ...actaRef, resolution: ConflictResolutionSchema, reason })
  .strict();
export type ResolveConflictInput = z.infer<typeof ResolveConflictInputSchema>;

export const LoadCatalogueInputSchema = z.object({ csv: z.string().max(20_000_000), reason }).strict();
export type LoadCatalogueInput = z.infer<typeof LoadCatalogueInputSchema>;

// ---- Errors: every refusal is a code with a message key (shared/messages/workflow.ts).

export const WORKFLOW_ERROR_CODES = [
  'illegalTransition',
  'staleVersion',
  'notFound',
  'pageNotFound',
  'notSupervisor',
  'reasonRequired',
  'keyInvalid',
  'keyConfirmMissing',
  'keyMismatch',
  'identificationRequired',
  'identificationMismatch',
  'outOfCatalogueHeld',
  'notOutOfCatalogue',
  'notInConflict',
  'pageNotRejected',
  'pageSuperseded',
  'transmissionHeld',
  'notHeld',
  'alreadyHeld',
  'scanInProgress',
  'wrongActa',
  'catalogueInvalid',
] as const;
export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

/** The shape a refusal takes on the wire (the RPC layer copies a WorkflowError into this). */
export interface WorkflowErrorInfo {
  code: WorkflowErrorCode;
  messageKey: `workflow.error.${WorkflowErrorCode}` | string;
  /** The acta's state when it was refused (for illegalTransition, staleVersion). */
  state?: ActaState;
  version?: number;
  detail?: string;
}
