// Tables owned: label_prints.
// Printing is part of acopio and never a way to lose it: the acta is committed first, then its
// label is queued and printed in the background (one printer, one label at a time, in order);
// the operator's next key is never held for the printer. A label that did not print stays
// "failed" with the message that says what to do, and can be printed again; once one has come
// out, only a supervisor can print another, audited, and it is marked REIMPRESIÓN.
import type { Db } from '../../store/db';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { AuditLog } from '../../security/audit';
import type { ActaSummary } from '../../../shared/workflow';
import { acopioLabelFor, type LabelStation } from '../../workflow/acopio-label';
import { actaAuditSubject, WorkflowError, type WorkflowActor } from '../../workflow';
import type { LabelPrinter } from './types';

export type LabelPrintState = 'pending' | 'printed' | 'failed';

export interface LabelPrintView {
  id: number;
  actaId: number;
  reprint: boolean;
  state: LabelPrintState;
  printer: string;
  /** printer.fail.*: what to do, when it failed. */
  messageKey: string | null;
  requestedBy: string;
  requestedAtUtc: string;
  finishedAtUtc: string | null;
}

interface Row {
  id: number;
  acta_id: number;
  reprint: number;
  state: LabelPrintState;
  printer: string;
  message_key: string | null;
  requested_by: string;
  requested_at_utc: string;
  finished_at_utc: string | null;
}

const view = (r: Row): LabelPrintView => ({
  id: r.id,
  actaId: r.acta_id,
  reprint: r.reprint === 1,
  state: r.state,
  printer: r.printer,
  messageKey: r.message_key,
  requestedBy: r.requested_by,
  requestedAtUtc: r.requested_at_utc,
  finishedAtUtc: r.finished_at_utc,
});

export interface LabelPrintsOptions {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  printer: LabelPrinter;
  station: LabelStation;
  /** The acta as it is now (the label shows its acopio time and key). */
  findActa(id: number): ActaSummary | undefined;
  log?: Logger;
}

export class LabelPrints {
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(p: LabelPrintView) => void>();

  constructor(private readonly o: LabelPrintsOptions) {}

  /**
   * At start-up: a label that was printing when the station stopped (crash, power cut) may or may
   * not have come out, so it is not printed again on its own (two labels on one acta); it is
   * shown as failed with what to do, where the operator can print it again.
   */
  recoverInterrupted(): number {
    const r = this.o.db
      .prepare(
        `UPDATE label_prints SET state = 'failed', message_key = 'printer.fail.interrupted',
           finished_at_utc = ? WHERE state = 'pending'`,
      )
      .run(this.o.clock.now().toISOString());
    if (r.changes > 0) this.o.log?.warn('label-print-failed', { state: 'interrupted', count: r.changes });
    return r.changes;
  }

  /** The workflow's onReceived hook: queues the label and returns at once; never throws. */
  readonly onReceived = (acta: ActaSummary, actor: WorkflowActor): void => {
    try {
      this.enqueue(acta, actor.id, false);
    } catch (e) {
      this.o.log?.warn('label-print-failed', { actaId: acta.id, state: 'error', detail: String(e) });
    }
  };

  /** The operator prints again a label that did not come out. */
  retry(actaId: number, actor: WorkflowActor): LabelPrintView {
    const acta = this.acta(actaId);
    const last = this.latest(actaId);
    if (last?.state === 'pending') return last;
    if (this.printedOnce(actaId))
      throw new WorkflowError('notSupervisor', { messageKey: 'printer.reprint.supervisorOnly' });
    return this.enqueue(acta, actor.id, false);
  }

  /** A supervisor's reprint: audited with its reason, the label marked REIMPRESIÓN. */
  reprint(actaId: number, actor: WorkflowActor, reason: string): LabelPrintView {
    if (actor.role !== 'supervisor') throw new WorkflowError('notSupervisor', { detail: actor.id });
    const r = reason.trim();
    if (r.length < 3) throw new WorkflowError('reasonRequired');
    const acta = this.acta(actaId);
    const id = this.o.db.transaction(() => {
      const printId = this.insert(actaId, true, actor.id);
      this.o.audit.append(actor.id, 'label.reprint', actaAuditSubject(actaId), {
        role: actor.role,
        reason: r,
        printId,
      });
      return printId;
    })();
    this.o.log?.info('label-reprint', { actaId, by: actor.id });
    return this.schedule(acta, id, true);
  }

  latest(actaId: number): LabelPrintView | null {
    const r = this.o.db
      .prepare<[number], Row>('SELECT * FROM label_prints WHERE acta_id = ? ORDER BY id DESC LIMIT 1')
      .get(actaId);
    return r ? view(r) : null;
  }

  history(actaId: number): LabelPrintView[] {
    return this.o.db
      .prepare<[number], Row>('SELECT * FROM label_prints WHERE acta_id = ? ORDER BY id')
      .all(actaId)
      .map(view);
  }

  /** Labels whose last attempt failed, oldest first: what the acopio screen lists to retry. */
  failed(): LabelPrintView[] {
    return this.o.db
      .prepare<[], Row>(
        `SELECT * FROM label_prints p WHERE state = 'failed'
           AND id = (SELECT MAX(id) FROM label_prints q WHERE q.acta_id = p.acta_id) ORDER BY id`,
      )
      .all()
      .map(view);
  }

  onChange(listener: (p: LabelPrintView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every queued label has been tried (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private acta(id: number): ActaSummary {
    const a = this.o.findActa(id);
    if (!a) throw new WorkflowError('notFound', { detail: String(id) });
    return a;
  }

  private printedOnce(actaId: number): boolean {
    return this.history(actaId).some((p) => p.state === 'printed');
  }

  private insert(actaId: number, reprint: boolean, by: string): number {
    const r = this.o.db
      .prepare(
        `INSERT INTO label_prints (acta_id, reprint, state, printer, requested_by, requested_at_utc)
         VALUES (?, ?, 'pending', ?, ?, ?)`,
      )
      .run(actaId, reprint ? 1 : 0, this.o.printer.driverName, by, this.o.clock.now().toISOString());
    return Number(r.lastInsertRowid);
  }

  private enqueue(acta: ActaSummary, by: string, reprint: boolean): LabelPrintView {
    return this.schedule(acta, this.insert(acta.id, reprint, by), reprint);
  }

  private schedule(acta: ActaSummary, printId: number, reprint: boolean): LabelPrintView {
    const label = acopioLabelFor(acta, this.o.station, reprint);
    this.queue = this.queue.then(async () => {
      const t0 = this.o.clock.monotonicMs();
      const result = await this.o.printer.print(label).catch((e: unknown) => ({
        ok: false as const,
        error: { state: 'error' as const, messageKey: 'printer.fail.error', detail: String(e) },
      }));
      this.finish(printId, result.ok ? null : result.error.messageKey);
      if (result.ok)
        this.o.log?.info('label-print', {
          actaId: acta.id,
          printId,
          reprint,
          printer: this.o.printer.driverName,
          ms: Math.round(this.o.clock.monotonicMs() - t0),
        });
      else
        this.o.log?.warn('label-print-failed', {
          actaId: acta.id,
          printId,
          state: result.error.state,
          detail: result.error.detail ?? null,
        });
    });
    const v = this.get(printId);
    this.emit(v);
    return v;
  }

  private finish(printId: number, messageKey: string | null): void {
    this.o.db
      .prepare('UPDATE label_prints SET state = ?, message_key = ?, finished_at_utc = ? WHERE id = ?')
      .run(messageKey ? 'failed' : 'printed', messageKey, this.o.clock.now().toISOString(), printId);
    this.emit(this.get(printId));
  }

  private get(printId: number): LabelPrintView {
    return view(this.o.db.prepare<[number], Row>('SELECT * FROM label_prints WHERE id = ?').get(printId)!);
  }

  private emit(v: LabelPrintView): void {
    for (const l of this.listeners) l(v);
  }
}
