// Scanning one acta, page by page as the feeder delivers them: keep the original bytes durably
// (their SHA-256 is the integrity code), let the gate judge them (off the main loop), derive a
// preview, record the page, and tell the screen at each step. Then the acta is digitalizada or
// rechazada. A scanner fault ends the scan as a value: every page already stored stays stored.
//
// Crash safety: a page's file is durable before its row is written, so a crash leaves at worst a
// file without a row (reported by the start-up sweep), never a row without its file; a scan left
// running is ended as "interrupted" at start (recoverCapture).
//
// A full or read-only disk (ENOSPC/EROFS from the blob store, SQLITE_FULL from the database) ends
// the scan as a fault with a storage.error.* key; what was stored before stays intact. If even the
// scan's end cannot be written, the scan is remembered here and ended by the next scan request
// once space is back, so the acta is scannable again without restarting the core.
import { crashPoint } from '../../platform/crash-points';
import { MAX_IMAGES_PER_ACTA } from '../../../shared/intake';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { stamp, type Clock } from '../../platform/clock';
import type { Activity } from '../../platform/activity';
import type { Logger } from '../../platform/logger';
import { err, ok, type Result } from '../../platform/result';
import type { BlobStore } from '../store/blob-store';
import { derivePreview, previewName } from '../store/preview';
import type { QualityGate } from '../quality/gate';
import type { ScanJob, ScanOutcome, ScannedPage, ScannerDriver, ScanRequest } from '../scanners/types';
import { actaKeyId } from '../../../shared/acta-key';
import type { ActaSummary, PageIdentification, PageReason, PageSummary } from '../../../shared/workflow';
import type { ActaWorkflow, NewPage, ScanEnd, ScanFinish } from '../../workflow/workflow';
import type { WorkflowActor } from '../../workflow/actor';
import { STORAGE_MESSAGE_KEYS, storageProblem, type StorageProblem } from '../../store/storage-errors';

/** The power-aware policy (and anything else) may refuse to start a scan: the message key of why. */
export type ScanPermission = Result<void, string>;

export type ScanProgress =
  | { type: 'started'; actaId: number; scanNo: number }
  /** `expected`: the sheets the scanner says the batch holds, when it can tell (null: it cannot). */
  | { type: 'pageReceived'; actaId: number; scanNo: number; position: number; expected: number | null }
  | { type: 'pageStored'; actaId: number; scanNo: number; position: number; sha256: string; size: number }
  | { type: 'pageChecked'; actaId: number; scanNo: number; position: number; page: PageSummary }
  | { type: 'finished'; actaId: number; scanNo: number; result: ScanActaResult['kind']; acta: ActaSummary };

export type ScanActaResult =
  /** Not started: canStartScan said no (e.g. battery low). The acta did not change. */
  | { kind: 'refused'; reason: string }
  /** Every page suitable. */
  | { kind: 'digitalizada'; acta: ActaSummary; pages: PageSummary[]; scanNo: number }
  /** At least one page rejected (reasons on each page): rescan or supervisor. */
  | { kind: 'rechazada'; acta: ActaSummary; pages: PageSummary[]; scanNo: number }
  /**
   * The scanner stopped (jam, empty feeder, cover open, disconnected) or the disk failed: the
   * acta stays where it was; pages delivered before are stored and listed.
   */
  | {
      kind: 'fault';
      acta: ActaSummary;
      pages: PageSummary[];
      scanNo: number;
      /** Message key (scanner.error.*, storage.error.*, capture.error.*), maybe with ":detail". */
      error: string;
      scanner: ScanOutcome | null;
    }
  | { kind: 'cancelled'; acta: ActaSummary; pages: PageSummary[]; scanNo: number }
  /** The feeder gave no page although it did not fail. */
  | { kind: 'empty'; acta: ActaSummary; pages: PageSummary[]; scanNo: number }
  /** Someone changed the acta during the scan (a supervisor annulled it): pages kept, state not touched. */
  | { kind: 'stale'; acta: ActaSummary; pages: PageSummary[]; scanNo: number };

export interface ScanActaOptions {
  actor: WorkflowActor;
  /** The acta's version as the screen saw it. */
  version: number;
  /** Scanner settings (default: feeder, 300 dpi, grey, letter). */
  request?: ScanRequest;
  onProgress?: (event: ScanProgress) => void;
}

export interface CapturePipelineDeps {
  workflow: ActaWorkflow;
  blobs: BlobStore;
  gate: Pick<QualityGate, 'inspect'>;
  activity: Pick<Activity, 'begin'>;
  clock: Clock;
  log?: Logger;
  /** Where screen previews go (apart from the blobs); null = none derived. */
  previewsDir?: string | null;
  /** Burned into every preview (training mode's "CAPACITACIÓN"); none when absent. */
  previewMark?: string | null;
  canStartScan?: () => ScanPermission;
  /**
   * Told of every storage failure (so the status bar shows it at once); may refine the problem
   * from what the folder looks like now (SQLite reports EROFS as a generic I/O error).
   */
  onStorageFailure?: (problem: StorageProblem) => StorageProblem;
}

/** A scan whose end could not be written (disk full): ended on the next request. */
interface UnfinishedScan {
  actaId: number;
  scanNo: number;
  version: number;
  end: ScanEnd;
  actor: WorkflowActor;
}

type Listener = (event: ScanProgress) => void;

export class CapturePipeline {
  private readonly listeners = new Set<Listener>();
  private readonly log: Logger | undefined;
  private readonly unfinished = new Map<number, UnfinishedScan>();
  /** The batch feeding each acta now, so the operator's F10/Esc can stop it. */
  private readonly running = new Map<number, { job: ScanJob; cancelled: boolean }>();
  /** Acta versions moved by ending a deferred scan: from the one the screen was given, to now. */
  private readonly settledVersions = new Map<number, { from: number; to: number }>();

  constructor(private readonly deps: CapturePipelineDeps) {
    this.log = deps.log?.child({ part: 'capture-pipeline' });
  }

  /** Live progress of every scan (for the event stream to the screens). Returns the unsubscribe. */
  onProgress(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Scans the acta (in recibida or rechazada) with `scanner`. Refusals by the workflow (wrong
   * state, stale version, scan already running) throw a WorkflowError before the scanner moves;
   * everything the scanner or the pages do afterwards comes back as a ScanActaResult.
   */
  async scanActa(actaId: number, scanner: ScannerDriver, options: ScanActaOptions): Promise<ScanActaResult> {
    const refuse = (reason: string): ScanActaResult => {
      this.log?.info('capture-scan-refused', { actaId, reason });
      return { kind: 'refused', reason };
    };
    const permission = this.deps.canStartScan?.() ?? ok();
    if (!permission.ok) return refuse(permission.error);
    const settled = this.settleUnfinished();
    if (!settled.ok) return refuse(settled.error);
    // The screen holds the version the deferred fault answered with; ending that scan since then
    // moved it one step, which is no one else's change.
    const moved = this.settledVersions.get(actaId);
    this.settledVersions.delete(actaId);
    const version = moved && moved.from === options.version ? moved.to : options.version;
    const { workflow } = this.deps;
    let begun: { scanNo: number; acta: ActaSummary };
    try {
      begun = workflow.beginScan(actaId, version, options.actor);
    } catch (err) {
      // SQLITE_FULL on the scan marker: nothing changed (the transaction rolled back).
      const key = this.storageKey(err);
      if (key) return refuse(key);
      throw err;
    }
    const { scanNo, acta } = begun;
    const emit = (e: ScanProgress) => {
      options.onProgress?.(e);
      for (const l of this.listeners) l(e);
    };
    const endActivity = this.deps.activity.begin('scanning');
    this.log?.info('capture-scan-init', { actaId, scanNo });
    emit({ type: 'started', actaId, scanNo });
    let end: ScanEnd = { kind: 'completed' };
    let scannerOutcome: ScanOutcome | null = null;
    // An acta has at most MAX_IMAGES_PER_ACTA pages: a feeder loaded with more holds several actas.
    const job = scanner.scan({ maxPages: MAX_IMAGES_PER_ACTA, ...options.request });
    const run = { job, cancelled: false };
    this.running.set(actaId, run);
    try {
      let position = 0;
      for await (const page of job.pages) {
        // A sheet the device had already handed over when the operator cancelled is not stored:
        // a cancelled scan leaves only the pages finished before the cancel (never current).
        if (run.cancelled) break;
        position++;
        emit({ type: 'pageReceived', actaId, scanNo, position, expected: job.expectedPages ?? null });
        try {
          const recorded = await this.processPage(acta, scanNo, position, page, emit);
          emit({ type: 'pageChecked', actaId, scanNo, position, page: recorded });
          // Power gone critical (or the disk below its floor) mid-batch: the page just written is
          // finished and kept; no more sheets are fed until it is fixed (then the operator rescans).
          const still = this.deps.canStartScan?.() ?? ok();
          if (!still.ok) {
            const power = still.error.startsWith('power.');
            this.log?.warn(power ? 'capture-paused-power' : 'capture-paused', {
              actaId,
              scanNo,
              position,
              reason: still.error,
            });
            end = { kind: 'fault', error: power ? 'power.pause.critical' : still.error };
            await job.cancel();
            break;
          }
        } catch (err) {
          // Disk full, read-only, a permission lost: stop the feeder, keep what is stored.
          this.log?.error('capture-page-failed', { actaId, scanNo, position, error: String(err) });
          const fsError = typeof (err as { code?: unknown } | null)?.code === 'string';
          end = {
            kind: 'storage',
            error: this.storageKey(err) ?? (fsError ? 'capture.error.storage' : 'capture.error.internal'),
          };
          await job.cancel();
          break;
        }
      }
      scannerOutcome = await job.done;
      if (end.kind === 'completed') {
        if (run.cancelled || scannerOutcome.kind === 'cancelled') end = { kind: 'cancelled' };
        else if (scannerOutcome.kind === 'failed') end = { kind: 'fault', error: scannerOutcome.error };
      }
    } catch (err) {
      // Never leave the scan marker behind for a bug: end the scan as a fault, pages kept.
      this.log?.error('capture-scan-failed', { actaId, scanNo, error: String(err) });
      end = { kind: 'storage', error: 'capture.error.internal' };
      await job.cancel().catch(() => undefined);
    } finally {
      this.running.delete(actaId);
      endActivity();
    }
    let finish: ScanFinish;
    try {
      finish = workflow.finishScan(actaId, scanNo, acta.version, end, options.actor);
    } catch (err) {
      const key = this.storageKey(err);
      if (!key) throw err;
      // The database could not record the end (disk full): the scan stays marked running until
      // settleUnfinished ends it; the screen is told now, with the pages that are stored.
      this.unfinished.set(actaId, { actaId, scanNo, version: acta.version, end, actor: options.actor });
      this.log?.error('capture-scan-end-deferred', { actaId, scanNo, error: String(err) });
      const current = workflow.get(actaId);
      const pages = current.pages.filter((p) => p.scanNo === scanNo);
      emit({ type: 'finished', actaId, scanNo, result: 'fault', acta: current.acta });
      return { kind: 'fault', acta: current.acta, pages, scanNo, error: key, scanner: scannerOutcome };
    }
    const base = { acta: finish.acta, pages: finish.pages, scanNo };
    let result: ScanActaResult;
    switch (finish.outcome) {
      case 'digitalizada':
      case 'rechazada':
      case 'cancelled':
      case 'empty':
      case 'stale':
        result = { kind: finish.outcome, ...base };
        break;
      case 'fault':
        result = {
          kind: 'fault',
          ...base,
          error: end.kind === 'fault' || end.kind === 'storage' ? end.error : 'capture.error.internal',
          scanner: scannerOutcome,
        };
        break;
    }
    this.log?.info('capture-scan-complete', {
      actaId,
      scanNo,
      result: result.kind,
      pages: finish.pages.length,
    });
    emit({ type: 'finished', actaId, scanNo, result: result.kind, acta: finish.acta });
    return result;
  }

  /**
   * Stops the scan feeding this acta (the operator pressed F10 or Esc): the scanner lets go of
   * the paper, the page being stored is finished, and the scan ends as cancelled with the acta
   * in the state it had. False when no scan of that acta is running.
   */
  async cancelScan(actaId: number): Promise<boolean> {
    const run = this.running.get(actaId);
    if (!run) return false;
    run.cancelled = true;
    this.log?.info('capture-scan-cancel', { actaId });
    await run.job.cancel();
    return true;
  }

  /** The message key of a storage failure (and the status bar told), or null for anything else. */
  private storageKey(err: unknown): string | null {
    const problem = storageProblem(err);
    if (!problem) return null;
    const refined = this.deps.onStorageFailure?.(problem) ?? problem;
    return STORAGE_MESSAGE_KEYS[refined];
  }

  /**
   * Ends the scans whose end could not be written before (disk full then). Until that succeeds no
   * new scan starts: the database is still refusing writes. Called at each scan request, and by
   * the core when the storage status turns writable (so the acta unlocks without a new scan).
   */
  settleUnfinished(): ScanPermission {
    for (const u of [...this.unfinished.values()]) {
      try {
        const finish = this.deps.workflow.finishScan(u.actaId, u.scanNo, u.version, u.end, u.actor);
        this.unfinished.delete(u.actaId);
        this.settledVersions.set(u.actaId, { from: u.version, to: finish.acta.version });
        this.log?.info('capture-scan-end-settled', {
          actaId: u.actaId,
          scanNo: u.scanNo,
          outcome: finish.outcome,
        });
      } catch (e) {
        const key = this.storageKey(e);
        if (key) return err(key);
        // Not a storage failure (the acta changed meanwhile): nothing more this can do.
        this.unfinished.delete(u.actaId);
        this.log?.error('capture-scan-end-lost', { actaId: u.actaId, scanNo: u.scanNo, error: String(e) });
      }
    }
    return ok();
  }

  private async processPage(
    acta: ActaSummary,
    scanNo: number,
    position: number,
    page: ScannedPage,
    emit: (e: ScanProgress) => void,
  ): Promise<PageSummary> {
    const { blobs, gate, workflow } = this.deps;
    const scannedAt = stamp(this.deps.clock);
    // The gate judges the bytes in memory while they are written: the page's time is the longer of
    // the two, not their sum (writing and fsyncing a 12 MB scan is tens of ms). The original, exactly
    // as scanned, is still durable before anything refers to it (the event, the page's row).
    const inspecting = gate.inspect(page.bytes);
    // Should the store fail first, the gate's answer is never awaited: it must not surface unhandled.
    inspecting.catch(() => undefined);
    const put = await blobs.put(page.bytes);
    crashPoint('capture.stored');
    emit({
      type: 'pageStored',
      actaId: acta.id,
      scanNo,
      position,
      sha256: put.sha256,
      size: page.bytes.length,
    });
    const inspection = await inspecting;
    let suitable: boolean;
    let reasons: PageReason[];
    let identification: PageIdentification = 'none';
    let identifiedKeyId: string | null = null;
    if (inspection.ok) {
      const { verdict, identification: id } = inspection.value;
      reasons = verdict.reasons.map((r) => ({
        code: r.code,
        severity: r.severity,
        messageKey: r.messageKey,
        value: r.value,
        threshold: r.threshold,
      }));
      suitable = verdict.suitable;
      if (id.ok) {
        identifiedKeyId = actaKeyId(id.value.key);
        identification = identifiedKeyId === acta.keyId ? 'match' : 'mismatch';
        if (identification === 'mismatch') {
          // The sheet on the glass is not the acta received at acopio: never stored as its image unchecked.
          reasons.push({
            code: 'identificationMismatch',
            severity: 'reject',
            messageKey: 'workflow.reason.identificationMismatch',
            found: identifiedKeyId,
          });
          suitable = false;
        }
      } else identification = id.error.code === 'qrUnreadable' ? 'unreadable' : 'invalid';
    } else {
      suitable = false;
      reasons = [
        { code: inspection.error.code, severity: 'reject', messageKey: inspection.error.messageKey },
      ];
    }
    const preview = await this.preview(page.bytes, put.sha256);
    const row: NewPage = {
      position,
      sha256: put.sha256,
      size: page.bytes.length,
      format: page.format,
      preview,
      scannedAt,
      suitable,
      reasons,
      identification,
      identifiedKeyId,
    };
    return workflow.recordPage(acta.id, scanNo, row);
  }

  /** A preview is a convenience: failing to make one never fails the page. */
  private async preview(bytes: Uint8Array, sha256: string): Promise<string | null> {
    const dir = this.deps.previewsDir;
    if (!dir) return null;
    const name = previewName(sha256, 'webp');
    const file = path.join(dir, name);
    // Written aside and renamed: a full disk must never truncate a preview an older row shows.
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await fsp.mkdir(dir, { recursive: true });
      await fsp.writeFile(
        temp,
        await derivePreview(bytes, { format: 'webp', mark: this.deps.previewMark ?? null }),
      );
      await fsp.rename(temp, file);
      return name;
    } catch (err) {
      this.log?.warn('capture-preview-failed', { sha256, error: String(err) });
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      return null;
    }
  }
}
