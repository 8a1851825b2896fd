// Scans as the capture pipeline records them: the running-scan marker (the acta's lock while the
// scanner works), each page once its file is durable, the scan's end and what it did to the acta,
// and the recovery of scans a crash left running.
import { stamp } from '../platform/clock';
import type { ActaState, ActaSummary, PageReason, PageSummary } from '../../shared/workflow';
import { pageSummary } from './acta-rows';
import { SYSTEM_ACTOR, type WorkflowActor } from './actor';
import { WorkflowError } from './errors';
import { canTransition, SCANNABLE_STATES } from './transitions';
import type { NewPage, RecoveredScan, ScanEnd, ScanFinish } from './types';
import { subject, WorkflowPart } from './workflow-part';

export class ScanRecords extends WorkflowPart {
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
}
