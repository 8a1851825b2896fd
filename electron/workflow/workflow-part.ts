// What every part of the acta workflow stands on. Every change is one SQLite transaction that also
// appends its audit entry; a refusal throws a WorkflowError inside it, so nothing half-done is ever
// committed. Commands on one acta carry the version the screen saw (optimistic lock): two screens
// can never both move the same acta.
import { crashPoint } from '../platform/crash-points';
import type { Db } from '../store/db';
import { stamp, type Clock, type StampedTime } from '../platform/clock';
import type { AuditLog } from '../security/audit';
import type { Logger } from '../platform/logger';
import type { ActaState, ActaSummary } from '../../shared/workflow';
import type { ActaPatch, ActaRow } from './acta-rows';
import type { ActaStore } from './acta-store';
import type { CatalogueStore } from './catalogue-store';
import type { AcopioReports } from './acopio-reports';
import type { WorkflowHooks } from './types';
import { WorkflowError } from './errors';
import { canTransition } from './transitions';

/** The stores and services the parts share: one of each per workflow. */
export interface WorkflowContext {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  actas: ActaStore;
  catalogue: CatalogueStore;
  acopioReports: AcopioReports;
  hooks: WorkflowHooks;
  log: Logger | undefined;
}

export abstract class WorkflowPart {
  protected readonly db: Db;
  protected readonly clock: Clock;
  protected readonly audit: AuditLog;
  protected readonly actas: ActaStore;
  protected readonly catalogue: CatalogueStore;
  protected readonly acopioReports: AcopioReports;
  protected readonly hooks: WorkflowHooks;
  protected readonly log: Logger | undefined;

  constructor(ctx: WorkflowContext) {
    this.db = ctx.db;
    this.clock = ctx.clock;
    this.audit = ctx.audit;
    this.actas = ctx.actas;
    this.catalogue = ctx.catalogue;
    this.acopioReports = ctx.acopioReports;
    this.hooks = ctx.hooks;
    this.log = ctx.log;
  }

  /** The acta at the version the caller saw, not in the middle of a scan. */
  protected load(actaId: number, version: number): ActaRow {
    const a = this.actas.get(actaId);
    if (!a) throw new WorkflowError('notFound', { detail: String(actaId) });
    if (a.version !== version)
      throw new WorkflowError('staleVersion', { state: a.state, version: a.version });
    if (this.actas.runningScan(a.id))
      throw new WorkflowError('scanInProgress', { state: a.state, version: a.version });
    return a;
  }

  protected expect(a: ActaRow, to: ActaState): void {
    if (!canTransition(a.state, to))
      throw new WorkflowError('illegalTransition', { state: a.state, version: a.version, detail: `→ ${to}` });
  }

  protected write(a: ActaRow, state: ActaState, patch: ActaPatch, at: StampedTime = stamp(this.clock)): void {
    if (!this.actas.update(a.id, a.version, state, patch, at))
      throw new WorkflowError('staleVersion', { state: a.state, version: a.version });
  }

  protected summary(id: number): ActaSummary {
    return this.actas.summary(this.actas.get(id)!);
  }

  protected tx<T>(fn: () => T): T {
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
