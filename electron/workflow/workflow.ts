// The acta state machine the core enforces (the UI only shows it). Every change is one SQLite
// transaction that also appends its audit entry; a refusal throws a WorkflowError inside it, so
// nothing half-done is ever committed. Commands on one acta carry the version the screen saw
// (optimistic lock): two screens can never both move the same acta.
import { crashPoint } from '../platform/crash-points';
import type { Db } from '../store/db';
import { stamp, type Clock, type StampedTime } from '../platform/clock';
import { AuditLog } from '../security/audit';
import type { Logger } from '../platform/logger';
import { actaKeyId, formatActaKeyLabel, parseActaKey, type ActaKey } from '../../shared/acta-key';
import type { CatalogueLineError } from '../../shared/catalogue';
import {
  ACTA_STATES,
  ACTIVE_ACTA_STATES,
  ListActasQuerySchema,
  type AcceptPageInput,
  type ActaCommandInput,
  type ActaDetail,
  type ActaHistoryEntry,
  type ActaReasonInput,
  type ActaState,
  type ActaSummary,
  type CatalogueStatus,
  type DashboardCounts,
  type KeySource,
  type ListActasQuery,
  type PageIdentification,
  type PageReason,
  type PageSummary,
  type ReceiveActaInput,
  type ResolveConflictInput,
  type TimeSeriesPoint,
  type VerifyActaInput,
} from '../../shared/workflow';
import {
  ActaStore,
  pageIsCurrent,
  pageIsGood,
  pageSummary,
  type ActaPatch,
  type ActaRow,
} from './acta-store';
import { CatalogueStore, type CatalogueInfo } from './catalogue-store';
import { requireReason, requireSupervisor, SYSTEM_ACTOR, type WorkflowActor } from './actor';
import { WorkflowError } from './errors';
import { canTransition, SCANNABLE_STATES } from './transitions';

/** Called after the commit, never inside a transaction (a failing hook cannot undo a change). */
export interface WorkflowHooks {
  /** The acta entered en_cola (or was released from a hold): hand it to the outbox. */
  onQueued?(acta: ActaSummary): void;
  /** A supervisor held an acta in en_cola: the outbox must not send it until released. */
  onHeld?(acta: ActaSummary): void;
  /** The acta was annulled (it may have been en_cola): the outbox drops it. */
  onAnnulled?(acta: ActaSummary): void;
}

export interface ActaWorkflowOptions {
  db: Db;
  clock: Clock;
  /** This workstation's id (goes into every transmission item). */
  stationId: string;
  log?: Logger;
  hooks?: WorkflowHooks;
  /** Verification puts the acta straight into the queue (default true). */
  autoEnqueue?: boolean;
}

export type ReceiveOutcome = 'received' | 'conflict' | 'outOfCatalogue';

export interface ReceiveResult {
  acta: ActaSummary;
  outcome: ReceiveOutcome;
  /** For a conflict: the acta that already holds the key. */
  existing?: ActaSummary;
}

export type LoadCatalogueResult =
  | { ok: true; catalogue: CatalogueInfo; replaced: boolean; nowIn: number[]; nowOut: number[] }
  | { ok: false; errors: CatalogueLineError[] };

/** An acta as the outbox takes it (the transmitter's `outbox.enqueue(item)`). */
export interface TransmissionItem {
  actaId: number;
  /** actaKeyId() of the acta's key. */
  actaKey: string;
  /** The current pages, in order, as stored (sha256 = integrity code). */
  images: Array<{ sha256: string; size: number; format: string }>;
  times: { receivedAt: StampedTime; scannedAt: StampedTime; verifiedAt: StampedTime };
  stationId: string;
  operatorId: string;
  /** Receipt id of the acknowledged acta this one replaces (a supervisor's "replace"). */
  supersedes?: string;
}

/** Refers to an acta from the transmitter: its key id (the oldest acta of that key in the expected state) or its row id. */
export type ActaRef = string | { actaId: number };

/** What a page looks like when the capture pipeline records it (its file is already durable). */
export interface NewPage {
  position: number;
  sha256: string;
  size: number;
  format: string;
  preview: string | null;
  scannedAt: StampedTime;
  suitable: boolean;
  reasons: PageReason[];
  identification: PageIdentification;
  identifiedKeyId: string | null;
}

export type ScanEnd =
  | { kind: 'completed' }
  | { kind: 'fault'; error: string }
  | { kind: 'cancelled' }
  | { kind: 'storage'; error: string };

export interface ScanFinish {
  acta: ActaSummary;
  /** What happened to the acta: its new state, or why it stayed. */
  outcome: 'digitalizada' | 'rechazada' | 'fault' | 'cancelled' | 'empty' | 'stale';
  pages: PageSummary[];
}

export interface RecoveredScan {
  actaId: number;
  scanNo: number;
  pagesKept: number;
}

const TEN_MINUTES_MS = 10 * 60_000;

function normalizeTyped(text: string): string {
  return text.trim().toUpperCase();
}

export class ActaWorkflow {
  readonly actas: ActaStore;
  readonly catalogue: CatalogueStore;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly hooks: WorkflowHooks;
  private readonly autoEnqueue: boolean;
  private readonly stationId: string;
  private readonly log: Logger | undefined;

  constructor(opts: ActaWorkflowOptions) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.audit = new AuditLog(opts.db, opts.clock);
    this.actas = new ActaStore(opts.db);
    this.catalogue = new CatalogueStore(opts.db);
    this.hooks = opts.hooks ?? {};
    this.autoEnqueue = opts.autoEnqueue ?? true;
    this.stationId = opts.stationId;
    this.log = opts.log?.child({ part: 'workflow' });
  }

  // ================================================================ acopio

  /**
   * Records that an acta arrived. A key from the code reader is read once; a typed key must be
   * typed twice and match. A key that already has an active acta creates a second acta in
   * en_conflicto (never an overwrite); a key outside the catalogue is received but held.
   */
  receive(input: ReceiveActaInput, actor: WorkflowActor): ReceiveResult {
    const key = this.keyFromInput(input.keyText, input.source, input.keyConfirm);
    const keyId = actaKeyId(key);
    const result = this.tx(() => {
      const at = stamp(this.clock);
      const existing = this.actas.byKey(keyId, ACTIVE_ACTA_STATES)[0];
      const catalogue = this.catalogueStatus(key);
      const state: ActaState = existing ? 'en_conflicto' : 'recibida';
      const id = this.actas.insert({
        keyId,
        keyLabel: formatActaKeyLabel(key),
        state,
        keySource: input.source,
        catalogue,
        receivedAt: at,
        receivedBy: actor.id,
        conflictWith: existing?.id ?? null,
      });
      this.audit.append(actor.id, existing ? 'acta.conflict' : 'acta.receive', subject(id), {
        role: actor.role,
        to: state,
        keyId,
        source: input.source,
        catalogue,
        ...(existing ? { conflictWith: existing.id } : {}),
      });
      const acta = this.summary(id);
      const outcome: ReceiveOutcome = existing
        ? 'conflict'
        : catalogue === 'out'
          ? 'outOfCatalogue'
          : 'received';
      return { acta, outcome, ...(existing ? { existing: this.actas.summary(existing) } : {}) };
    });
    this.log?.info('workflow-receive', { actaId: result.acta.id, outcome: result.outcome });
    return result;
  }

  // ================================================================ capture (called by the pipeline)

  /**
   * Marks a scan as running (the marker recovered at start after a crash) and takes the acta's
   * lock: commands on it are refused until the scan ends.
   */
  beginScan(actaId: number, version: number, actor: WorkflowActor): { scanNo: number; acta: ActaSummary } {
    return this.tx(() => {
      const a = this.load(actaId, version);
      if (!SCANNABLE_STATES.includes(a.state))
        throw new WorkflowError('illegalTransition', { state: a.state, version: a.version, detail: 'scan' });
      const scanNo = this.actas.nextScanNo(actaId);
      const at = stamp(this.clock);
      this.actas.insertScan(actaId, scanNo, at, actor.id);
      this.write(a, a.state, {}, at);
      this.audit.append(actor.id, 'acta.scanStart', subject(actaId), {
        role: actor.role,
        scanNo,
        state: a.state,
      });
      return { scanNo, acta: this.summary(actaId) };
    });
  }

  /** Records one page whose file is already durable in the blob store (file first, row after). */
  recordPage(actaId: number, scanNo: number, page: NewPage): PageSummary {
    return this.tx(() => {
      const scan = this.actas.runningScan(actaId);
      if (!scan || scan.scan_no !== scanNo) throw new WorkflowError('notFound', { detail: `scan ${scanNo}` });
      const id = this.actas.insertPage({
        acta_id: actaId,
        scan_no: scanNo,
        position: page.position,
        sha256: page.sha256,
        size: page.size,
        format: page.format,
        preview: page.preview,
        scanned_at_utc: page.scannedAt.utc,
        scanned_offset: page.scannedAt.offsetMinutes,
        suitable: page.suitable ? 1 : 0,
        reasons: JSON.stringify(page.reasons),
        identification: page.identification,
        identified_key_id: page.identifiedKeyId,
      });
      return pageSummary(this.actas.page(id)!);
    });
  }

  /**
   * Ends a scan. A completed scan with pages supersedes the older pages (kept, linked) and moves
   * the acta to digitalizada (every page suitable) or rechazada; a fault, a cancel or an empty
   * batch leaves the acta where it was, with any pages it delivered kept as an incomplete scan.
   */
  finishScan(
    actaId: number,
    scanNo: number,
    version: number,
    end: ScanEnd,
    actor: WorkflowActor,
  ): ScanFinish {
    return this.tx(() => {
      const at = stamp(this.clock);
      const a = this.actas.get(actaId);
      if (!a) throw new WorkflowError('notFound');
      const pages = this.actas.scanPages(actaId, scanNo);
      const hashes = pages.map((p) => p.sha256);
      if (a.version !== version) {
        // Changed by someone else during the scan (e.g. annulled): keep the pages, change nothing.
        this.actas.endScan(actaId, scanNo, at, 'stale', `version ${a.version}`);
        this.audit.append(actor.id, 'acta.scanEnd', subject(actaId), {
          role: actor.role,
          scanNo,
          outcome: 'stale',
          pages: hashes,
        });
        return { acta: this.summary(actaId), outcome: 'stale', pages: pages.map(pageSummary) };
      }
      if (end.kind !== 'completed' || pages.length === 0) {
        const outcome = end.kind === 'completed' ? 'empty' : end.kind === 'cancelled' ? 'cancelled' : 'fault';
        const detail = end.kind === 'fault' || end.kind === 'storage' ? end.error : null;
        this.actas.endScan(actaId, scanNo, at, outcome, detail);
        this.write(a, a.state, {}, at);
        this.audit.append(actor.id, 'acta.scanEnd', subject(actaId), {
          role: actor.role,
          scanNo,
          outcome,
          ...(detail ? { error: detail } : {}),
          pages: hashes,
        });
        return { acta: this.summary(actaId), outcome, pages: pages.map(pageSummary) };
      }
      const good = pages.every((p) => p.suitable === 1);
      const to: ActaState = good ? 'digitalizada' : 'rechazada';
      if (!canTransition(a.state, to))
        throw new WorkflowError('illegalTransition', { state: a.state, version: a.version });
      this.actas.supersedeBefore(actaId, scanNo);
      this.actas.endScan(actaId, scanNo, at, to, null);
      this.write(
        a,
        to,
        {
          current_scan: scanNo,
          scanned_at_utc: at.utc,
          scanned_offset: at.offsetMinutes,
          rejection_reason: good ? null : 'workflow.rejection.pages',
          rejected_by: good ? null : actor.id,
        },
        at,
      );
      this.audit.append(actor.id, 'acta.scanEnd', subject(actaId), {
        role: actor.role,
        scanNo,
        from: a.state,
        to,
        pages: pages.map((p) => ({ sha256: p.sha256, size: p.size, suitable: p.suitable === 1 })),
        reasons: pages.flatMap((p) =>
          (JSON.parse(p.reasons) as PageReason[]).filter((r) => r.severity === 'reject').map((r) => r.code),
        ),
      });
      return {
        acta: this.summary(actaId),
        outcome: to,
        pages: this.actas.scanPages(actaId, scanNo).map(pageSummary),
      };
    });
  }

  /**
   * At start: scans left running by a crash end as "interrupted"; the acta keeps the state it had
   * before the scan (its pages so far are kept, not current) and can be scanned again.
   */
  recoverInterruptedScans(): RecoveredScan[] {
    return this.tx(() => {
      const at = stamp(this.clock);
      return this.actas.allRunningScans().map((s) => {
        const kept = this.actas.scanPages(s.acta_id, s.scan_no).length;
        this.actas.endScan(s.acta_id, s.scan_no, at, 'interrupted', null);
        const a = this.actas.get(s.acta_id)!;
        this.write(a, a.state, {}, at);
        this.audit.append(SYSTEM_ACTOR.id, 'acta.scanRecovered', subject(s.acta_id), {
          role: SYSTEM_ACTOR.role,
          scanNo: s.scan_no,
          state: a.state,
          pagesKept: kept,
        });
        return { actaId: s.acta_id, scanNo: s.scan_no, pagesKept: kept };
      });
    });
  }

  /** Every page hash a row points at (what the blob sweep must not call an orphan). */
  knownPageHashes(): Set<string> {
    return this.actas.allPageHashes();
  }

  // ================================================================ verificación

  /**
   * The operator confirms the image is legible and the identification right. When no page's QR
   * identified the acta, the key must be typed twice and equal the acta's key. Goes on to en_cola
   * in the same transaction unless autoEnqueue is off.
   */
  verify(input: VerifyActaInput, actor: WorkflowActor): ActaSummary {
    const acta = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      this.expect(a, 'verificada');
      if (a.catalogue === 'out')
        throw new WorkflowError('outOfCatalogueHeld', { state: a.state, version: a.version });
      const current = this.actas.pages(a.id).filter((p) => pageIsCurrent(p, a));
      const byQr = current.some((p) => p.identification === 'match');
      let identifiedBy: 'qr' | 'typed' = 'qr';
      if (!byQr || input.typedKey) {
        if (!input.typedKey)
          throw new WorkflowError('identificationRequired', { state: a.state, version: a.version });
        const typed = this.keyFromInput(input.typedKey.text, 'typed', input.typedKey.confirm);
        if (actaKeyId(typed) !== a.key_id)
          throw new WorkflowError('identificationMismatch', {
            state: a.state,
            version: a.version,
            detail: actaKeyId(typed),
          });
        identifiedBy = 'typed';
      }
      const at = stamp(this.clock);
      this.write(
        a,
        'verificada',
        { verified_at_utc: at.utc, verified_offset: at.offsetMinutes, verified_by: actor.id },
        at,
      );
      this.audit.append(actor.id, 'acta.verify', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'verificada',
        identifiedBy,
        pages: current.map((p) => p.sha256),
      });
      if (this.autoEnqueue) this.enqueueRow(this.actas.get(a.id)!, actor, at);
      return this.summary(a.id);
    });
    if (acta.state === 'en_cola') this.hooks.onQueued?.(acta);
    return acta;
  }

  /** verificada → en_cola (only needed when autoEnqueue is off). */
  enqueue(input: ActaCommandInput, actor: WorkflowActor): ActaSummary {
    const acta = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      this.enqueueRow(a, actor, stamp(this.clock));
      return this.summary(a.id);
    });
    this.hooks.onQueued?.(acta);
    return acta;
  }

  /** The operator (or supervisor) sends a digitised or verified acta back for a rescan, with a reason. */
  reject(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    const reason = requireReason(input.reason);
    return this.tx(() => {
      const a = this.load(input.actaId, input.version);
      if (a.state !== 'digitalizada' && a.state !== 'verificada')
        throw new WorkflowError('illegalTransition', { state: a.state, version: a.version });
      this.expect(a, 'rechazada');
      this.write(a, 'rechazada', {
        rejection_reason: reason,
        rejected_by: actor.id,
        verified_at_utc: null,
        verified_offset: null,
        verified_by: null,
      });
      this.audit.append(actor.id, 'acta.reject', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'rechazada',
        reason,
      });
      return this.summary(a.id);
    });
  }

  // ================================================================ transmission (called by the transmitter)

  /** en_cola → transmitida. Repeating it for an acta already sent is a no-op (the first link stays recorded). */
  markTransmitted(ref: ActaRef, linkName: string, actor: WorkflowActor = SYSTEM_ACTOR): ActaSummary {
    return this.tx(() => {
      const a = this.resolveRef(ref, ['en_cola', 'transmitida', 'acusada']);
      // A retry (same or other link) of an acta already marked sent: the first mark stands.
      if (a.state === 'transmitida' || a.state === 'acusada') return this.summary(a.id);
      this.expect(a, 'transmitida');
      if (a.held === 1) throw new WorkflowError('transmissionHeld', { state: a.state, version: a.version });
      const at = stamp(this.clock);
      this.write(
        a,
        'transmitida',
        { transmitted_at_utc: at.utc, transmitted_offset: at.offsetMinutes, transmitted_link: linkName },
        at,
      );
      this.audit.append(actor.id, 'acta.transmit', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'transmitida',
        link: linkName,
      });
      return this.summary(a.id);
    });
  }

  /** transmitida → acusada with the central's receipt. Repeating it with the same receipt is a no-op. */
  markAcknowledged(ref: ActaRef, receiptId: string, actor: WorkflowActor = SYSTEM_ACTOR): ActaSummary {
    return this.tx(() => {
      const a = this.resolveRef(ref, ['transmitida', 'acusada']);
      if (a.state === 'acusada' && a.receipt_id === receiptId) return this.summary(a.id);
      this.expect(a, 'acusada');
      const at = stamp(this.clock);
      this.write(
        a,
        'acusada',
        { acknowledged_at_utc: at.utc, acknowledged_offset: at.offsetMinutes, receipt_id: receiptId },
        at,
      );
      this.audit.append(actor.id, 'acta.acknowledge', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'acusada',
        receiptId,
      });
      return this.summary(a.id);
    });
  }

  /** What the outbox needs to send an acta in en_cola. */
  transmissionItem(actaId: number): TransmissionItem {
    const a = this.actas.get(actaId);
    if (!a) throw new WorkflowError('notFound');
    if (!a.scanned_at_utc || !a.verified_at_utc || a.scanned_offset === null || a.verified_offset === null)
      throw new WorkflowError('illegalTransition', {
        state: a.state,
        version: a.version,
        detail: 'not verified',
      });
    const pages = this.actas.pages(actaId).filter((p) => pageIsCurrent(p, a));
    const replaced = a.supersedes_acta === null ? undefined : this.actas.get(a.supersedes_acta);
    return {
      actaId,
      actaKey: a.key_id,
      images: pages.map((p) => ({ sha256: p.sha256, size: p.size, format: p.format })),
      times: {
        receivedAt: { utc: a.received_at_utc, offsetMinutes: a.received_offset },
        scannedAt: { utc: a.scanned_at_utc, offsetMinutes: a.scanned_offset },
        verifiedAt: { utc: a.verified_at_utc, offsetMinutes: a.verified_offset },
      },
      stationId: this.stationId,
      operatorId: a.verified_by ?? a.received_by,
      ...(replaced?.receipt_id ? { supersedes: replaced.receipt_id } : {}),
    };
  }

  // ================================================================ supervisor overrides

  /** Accepts a page the gate rejected; when no rejected page remains the acta is digitalizada. */
  acceptPage(input: AcceptPageInput, actor: WorkflowActor): ActaSummary {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    return this.tx(() => {
      const a = this.load(input.actaId, input.version);
      const p = this.actas.page(input.pageId);
      if (!p || p.acta_id !== a.id)
        throw new WorkflowError('pageNotFound', { state: a.state, version: a.version });
      if (!pageIsCurrent(p, a))
        throw new WorkflowError('pageSuperseded', { state: a.state, version: a.version });
      if (pageIsGood(p)) throw new WorkflowError('pageNotRejected', { state: a.state, version: a.version });
      if (a.state !== 'rechazada')
        throw new WorkflowError('illegalTransition', { state: a.state, version: a.version });
      this.actas.acceptPage(p.id, actor.id, reason);
      const allGood = this.actas
        .pages(a.id)
        .filter((x) => pageIsCurrent(x, a))
        .every(pageIsGood);
      const to: ActaState = allGood ? 'digitalizada' : 'rechazada';
      this.write(a, to, allGood ? { rejection_reason: null, rejected_by: null } : {});
      this.audit.append(actor.id, 'acta.acceptPage', subject(a.id), {
        role: actor.role,
        from: a.state,
        to,
        pageId: p.id,
        sha256: p.sha256,
        overridden: (JSON.parse(p.reasons) as PageReason[])
          .filter((r) => r.severity === 'reject')
          .map((r) => r.code),
        reason,
      });
      return this.summary(a.id);
    });
  }

  /**
   * Resolves an acta in en_conflicto. keep_existing: this one is annulled. replace: the existing
   * one is annulled (or, if the central already has it, kept and referenced as superseded) and
   * this one proceeds. keep_both: both are records of the key; this one proceeds.
   */
  resolveConflict(
    input: ResolveConflictInput,
    actor: WorkflowActor,
  ): { acta: ActaSummary; existing: ActaSummary | null } {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    const annulled: ActaSummary[] = [];
    const result = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      if (a.state !== 'en_conflicto')
        throw new WorkflowError('notInConflict', { state: a.state, version: a.version });
      const existing = a.conflict_with === null ? undefined : this.actas.get(a.conflict_with);
      const at = stamp(this.clock);
      const details = {
        role: actor.role,
        resolution: input.resolution,
        reason,
        existing: existing?.id ?? null,
      };
      switch (input.resolution) {
        case 'keep_existing':
          this.write(a, 'anulada', { annul_reason: reason, annulled_by: actor.id }, at);
          this.audit.append(actor.id, 'acta.resolveConflict', subject(a.id), {
            ...details,
            from: a.state,
            to: 'anulada',
          });
          annulled.push(this.summary(a.id));
          break;
        case 'replace': {
          let supersedes: number | null = null;
          if (existing && ACTIVE_ACTA_STATES.includes(existing.state)) {
            if (canTransition(existing.state, 'anulada')) {
              if (this.actas.runningScan(existing.id))
                throw new WorkflowError('scanInProgress', { state: existing.state });
              this.write(existing, 'anulada', { annul_reason: reason, annulled_by: actor.id }, at);
              this.audit.append(actor.id, 'acta.annul', subject(existing.id), {
                role: actor.role,
                from: existing.state,
                to: 'anulada',
                reason,
                replacedBy: a.id,
              });
              annulled.push(this.summary(existing.id));
            }
            supersedes = existing.id;
          }
          this.write(
            a,
            'recibida',
            { record_no: this.actas.maxRecordNo(a.key_id) + 1, supersedes_acta: supersedes },
            at,
          );
          this.audit.append(actor.id, 'acta.resolveConflict', subject(a.id), {
            ...details,
            from: a.state,
            to: 'recibida',
            supersedes,
          });
          break;
        }
        case 'keep_both':
          this.write(a, 'recibida', { record_no: this.actas.maxRecordNo(a.key_id) + 1 }, at);
          this.audit.append(actor.id, 'acta.resolveConflict', subject(a.id), {
            ...details,
            from: a.state,
            to: 'recibida',
          });
          break;
      }
      return { acta: this.summary(a.id), existing: existing ? this.summary(existing.id) : null };
    });
    for (const x of annulled) this.hooks.onAnnulled?.(x);
    return result;
  }

  /** Annuls an acta (anything not yet sent), with a reason. */
  annul(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    const acta = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      this.expect(a, 'anulada');
      this.write(a, 'anulada', { annul_reason: reason, annulled_by: actor.id, held: 0 });
      this.audit.append(actor.id, 'acta.annul', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'anulada',
        reason,
      });
      return this.summary(a.id);
    });
    this.hooks.onAnnulled?.(acta);
    return acta;
  }

  /** Holds an acta in en_cola: it stays queued but the transmitter must not send it. */
  holdTransmission(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.setHold(input, actor, true);
  }

  releaseTransmission(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.setHold(input, actor, false);
  }

  /** Accepts a key that is not in the catalogue ("fuera de catálogo") so the acta can be verified. */
  acceptOutOfCatalogue(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    return this.tx(() => {
      const a = this.load(input.actaId, input.version);
      if (a.catalogue !== 'out')
        throw new WorkflowError('notOutOfCatalogue', { state: a.state, version: a.version });
      this.write(a, a.state, { catalogue: 'accepted' });
      this.audit.append(actor.id, 'acta.acceptOutOfCatalogue', subject(a.id), {
        role: actor.role,
        state: a.state,
        reason,
      });
      return this.summary(a.id);
    });
  }

  /**
   * Loads (or replaces) the catalogue: validated first, every bad line reported, nothing stored
   * unless the whole file is good. Actas not yet verified are checked again against it.
   */
  loadCatalogue(csv: string, reason: string, actor: WorkflowActor): LoadCatalogueResult {
    requireSupervisor(actor);
    const why = requireReason(reason);
    const parsed = CatalogueStore.parse(csv);
    if (!parsed.ok) {
      this.log?.warn('workflow-catalogue-invalid', { errors: parsed.errors.length });
      return { ok: false, errors: parsed.errors };
    }
    return this.tx(() => {
      const at = stamp(this.clock);
      const previous = this.catalogue.info();
      this.catalogue.replace(csv, parsed.sha256, parsed.catalogue.size, at, actor.id);
      this.audit.append(actor.id, previous ? 'catalogue.replace' : 'catalogue.load', 'catalogue', {
        role: actor.role,
        sha256: parsed.sha256,
        entries: parsed.catalogue.size,
        previous: previous?.sha256 ?? null,
        reason: why,
      });
      const nowIn: number[] = [];
      const nowOut: number[] = [];
      const open = this.db
        .prepare<[], ActaRow>(
          `SELECT * FROM actas WHERE state IN ('recibida', 'rechazada', 'digitalizada', 'en_conflicto')
             AND catalogue IN ('in', 'out', 'unchecked')`,
        )
        .all();
      for (const a of open) {
        const k = parseActaKey(a.key_label);
        if (!k.ok) continue;
        const status: CatalogueStatus = parsed.catalogue.lookup(k.key).ok ? 'in' : 'out';
        if (status === a.catalogue) continue;
        if (this.actas.runningScan(a.id)) continue; // checked again at its next load or by verify
        this.write(a, a.state, { catalogue: status }, at);
        this.audit.append(actor.id, 'acta.catalogueCheck', subject(a.id), {
          role: actor.role,
          from: a.catalogue,
          to: status,
        });
        (status === 'in' ? nowIn : nowOut).push(a.id);
      }
      return {
        ok: true as const,
        catalogue: this.catalogue.info()!,
        replaced: previous !== null,
        nowIn,
        nowOut,
      };
    });
  }

  // ================================================================ queries

  get(actaId: number): ActaDetail {
    const a = this.actas.get(actaId);
    if (!a) throw new WorkflowError('notFound');
    return {
      acta: this.actas.summary(a),
      pages: this.actas.pages(actaId).map(pageSummary),
      history: this.history(actaId),
    };
  }

  /** The one acta of this id as a summary, or undefined. */
  find(actaId: number): ActaSummary | undefined {
    const a = this.actas.get(actaId);
    return a && this.actas.summary(a);
  }

  list(query: ListActasQuery = {}): { actas: ActaSummary[]; total: number } {
    const q = ListActasQuerySchema.parse(query);
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.states?.length) {
      where.push(`state IN (${q.states.map(() => '?').join(',')})`);
      args.push(...q.states);
    }
    const terms = (q.search ?? '')
      .toUpperCase()
      .split(/[\s|·,;]+/)
      .map((t) => t.replace(/[%_]/g, ''))
      .filter((t) => t !== '');
    for (const t of terms) {
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
    return { actas: rows.map((r) => this.actas.summary(r)), total };
  }

  history(actaId: number): ActaHistoryEntry[] {
    return this.db
      .prepare<
        [string],
        {
          seq: number;
          at_utc: string;
          offset_minutes: number;
          actor: string;
          action: string;
          details: string;
        }
      >(
        'SELECT seq, at_utc, offset_minutes, actor, action, details FROM audit_log WHERE subject = ? ORDER BY seq',
      )
      .all(subject(actaId))
      .map((r) => ({
        seq: r.seq,
        at: { utc: r.at_utc, offsetMinutes: r.offset_minutes },
        actor: r.actor,
        action: r.action,
        details: JSON.parse(r.details) as Record<string, unknown>,
      }));
  }

  dashboard(): DashboardCounts {
    const byState = Object.fromEntries(ACTA_STATES.map((s) => [s, 0])) as Record<ActaState, number>;
    for (const r of this.db
      .prepare<[], { state: ActaState; n: number }>('SELECT state, count(*) AS n FROM actas GROUP BY state')
      .all())
      byState[r.state] = r.n;
    const atLeast = (...states: ActaState[]) => states.reduce((n, s) => n + byState[s], 0);
    const one = (sql: string) => this.db.prepare<[], { n: number }>(sql).get()?.n ?? 0;
    return {
      expected: this.catalogue.info()?.entries ?? 0,
      received: atLeast(
        'recibida',
        'rechazada',
        'digitalizada',
        'verificada',
        'en_cola',
        'transmitida',
        'acusada',
      ),
      digitised: atLeast('digitalizada', 'verificada', 'en_cola', 'transmitida', 'acusada'),
      verified: atLeast('verificada', 'en_cola', 'transmitida', 'acusada'),
      queued: atLeast('en_cola', 'transmitida', 'acusada'),
      sent: atLeast('transmitida', 'acusada'),
      acknowledged: byState.acusada,
      byState,
      held: one(`SELECT count(*) AS n FROM actas WHERE held = 1 AND state = 'en_cola'`),
      outOfCatalogue: one(
        `SELECT count(*) AS n FROM actas WHERE catalogue = 'out' AND state NOT IN ('anulada')`,
      ),
    };
  }

  /**
   * Events per 10-minute bucket (received, digitised, verified, sent, acknowledged), from `since`
   * (default: the first acta) to now, empty buckets included, so the chart's x axis is even.
   */
  timeSeries(opts: { since?: string; bucketMs?: number } = {}): TimeSeriesPoint[] {
    const bucketMs = opts.bucketMs ?? TEN_MINUTES_MS;
    const rows = this.db
      .prepare<[], { r: string; d: string | null; v: string | null; s: string | null; k: string | null }>(
        // A scan that was rejected (and not yet redone or accepted) is not "digitised".
        `SELECT received_at_utc AS r,
           CASE WHEN state IN ('recibida', 'rechazada') THEN NULL ELSE scanned_at_utc END AS d, verified_at_utc AS v, transmitted_at_utc AS s,
           acknowledged_at_utc AS k FROM actas WHERE state NOT IN ('anulada', 'en_conflicto')`,
      )
      .all();
    const first = opts.since ? Date.parse(opts.since) : Math.min(...rows.map((r) => Date.parse(r.r)));
    if (!Number.isFinite(first)) return [];
    const start = Math.floor(first / bucketMs) * bucketMs;
    const end = this.clock.now().getTime();
    const points: TimeSeriesPoint[] = [];
    for (let t = start; t <= end; t += bucketMs)
      points.push({
        bucketStart: new Date(t).toISOString(),
        received: 0,
        digitised: 0,
        verified: 0,
        sent: 0,
        acknowledged: 0,
      });
    const add = (iso: string | null, field: Exclude<keyof TimeSeriesPoint, 'bucketStart'>) => {
      if (!iso) return;
      const i = Math.floor((Date.parse(iso) - start) / bucketMs);
      if (i >= 0 && i < points.length) points[i]![field]++;
    };
    for (const r of rows) {
      add(r.r, 'received');
      add(r.d, 'digitised');
      add(r.v, 'verified');
      add(r.s, 'sent');
      add(r.k, 'acknowledged');
    }
    return points;
  }

  // ================================================================ internals

  private setHold(input: ActaReasonInput, actor: WorkflowActor, hold: boolean): ActaSummary {
    requireSupervisor(actor);
    const reason = requireReason(input.reason);
    const acta = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      if (a.state !== 'en_cola')
        throw new WorkflowError('illegalTransition', { state: a.state, version: a.version });
      if (hold && a.held === 1)
        throw new WorkflowError('alreadyHeld', { state: a.state, version: a.version });
      if (!hold && a.held === 0) throw new WorkflowError('notHeld', { state: a.state, version: a.version });
      this.write(a, a.state, { held: hold ? 1 : 0 });
      this.audit.append(actor.id, hold ? 'acta.hold' : 'acta.release', subject(a.id), {
        role: actor.role,
        state: a.state,
        reason,
      });
      return this.summary(a.id);
    });
    if (hold) this.hooks.onHeld?.(acta);
    else this.hooks.onQueued?.(acta);
    return acta;
  }

  private enqueueRow(a: ActaRow, actor: WorkflowActor, at: StampedTime): void {
    this.expect(a, 'en_cola');
    this.write(a, 'en_cola', { queued_at_utc: at.utc, queued_offset: at.offsetMinutes }, at);
    this.audit.append(actor.id, 'acta.enqueue', subject(a.id), {
      role: actor.role,
      from: a.state,
      to: 'en_cola',
    });
  }

  private keyFromInput(text: string, source: KeySource, confirm: string | undefined): ActaKey {
    if (source === 'typed') {
      if (confirm === undefined || confirm.trim() === '') throw new WorkflowError('keyConfirmMissing');
      if (normalizeTyped(text) !== normalizeTyped(confirm)) throw new WorkflowError('keyMismatch');
    }
    const parsed = parseActaKey(source === 'typed' ? normalizeTyped(text) : text);
    if (!parsed.ok) throw new WorkflowError('keyInvalid', { messageKey: parsed.error, detail: parsed.error });
    return parsed.key;
  }

  private catalogueStatus(key: ActaKey): CatalogueStatus {
    const c = this.catalogue.current();
    if (!c) return 'unchecked';
    return c.lookup(key).ok ? 'in' : 'out';
  }

  /** The acta at the version the caller saw, not in the middle of a scan. */
  private load(actaId: number, version: number): ActaRow {
    const a = this.actas.get(actaId);
    if (!a) throw new WorkflowError('notFound', { detail: String(actaId) });
    if (a.version !== version)
      throw new WorkflowError('staleVersion', { state: a.state, version: a.version });
    if (this.actas.runningScan(a.id))
      throw new WorkflowError('scanInProgress', { state: a.state, version: a.version });
    return a;
  }

  private resolveRef(ref: ActaRef, states: readonly ActaState[]): ActaRow {
    const a =
      typeof ref === 'string'
        ? // Oldest first: the outbox sends in queue order, so two records of one key pair up in order.
          (this.actas.byKey(ref, states.slice(0, 1))[0] ?? this.actas.byKey(ref, states)[0])
        : this.actas.get(ref.actaId);
    if (!a)
      throw new WorkflowError('notFound', { detail: typeof ref === 'string' ? ref : String(ref.actaId) });
    return a;
  }

  private expect(a: ActaRow, to: ActaState): void {
    if (!canTransition(a.state, to))
      throw new WorkflowError('illegalTransition', { state: a.state, version: a.version, detail: `→ ${to}` });
  }

  private write(a: ActaRow, state: ActaState, patch: ActaPatch, at: StampedTime = stamp(this.clock)): void {
    if (!this.actas.update(a.id, a.version, state, patch, at))
      throw new WorkflowError('staleVersion', { state: a.state, version: a.version });
  }

  private summary(id: number): ActaSummary {
    return this.actas.summary(this.actas.get(id)!);
  }

  private tx<T>(fn: () => T): T {
    const out = this.db
      .transaction(() => {
        const r = fn();
        crashPoint('workflow.commit');
        return r;
      })
      .immediate();
    crashPoint('workflow.committed');
    return out;
  }
}

/** The audit log's subject for an acta: its history is every entry with this subject. */
export function subject(actaId: number): string {
  return `acta:${actaId}`;
}
