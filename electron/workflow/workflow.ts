// The acta state machine the core enforces (the UI only shows it), as one object for the
// composition root, the RPC routers, the capture pipeline and the transmitter. Each job lives in
// its own part: the operator's commands, the scans the pipeline records, the transmitter's marks,
// a supervisor's overrides, catalogue loading and the screens' reads. What every change obeys
// (one transaction with its audit entry, the version the screen saw) is in workflow-part.ts.
import { AuditLog } from '../security/audit';
import type {
  AcceptPageInput,
  ActaCommandInput,
  ActaDetail,
  ActaHistoryEntry,
  ActaReasonInput,
  ActaSummary,
  CatdLaterNotice,
  DashboardCounts,
  ListActasQuery,
  PageSummary,
  ReceiveActaInput,
  ResolveConflictInput,
  TimeSeriesPoint,
  VerifyActaInput,
} from '../../shared/workflow';
import { ActaStore } from './acta-store';
import { CatalogueStore } from './catalogue-store';
import type { WorkflowActor } from './actor';
import { OperatorCommands } from './operator-commands';
import { ScanRecords } from './scan-records';
import { TransmissionMarks } from './transmission-marks';
import { AcopioReports } from './acopio-reports';
import type { AcopioSighting, LaterSighting } from '../../shared/catd-view';
import { CatdSightings, type LateSightingOutcome } from './catd-sightings';
import { CatdLater } from './catd-later';
import { SupervisorOverrides } from './supervisor-overrides';
import { CatalogueLoading } from './catalogue-loading';
import { ActaQueries } from './acta-queries';
import { nightReport } from './night-report';
import type { NightReport } from '../../shared/report';
import type { WorkflowContext } from './workflow-part';
import type {
  ActaRef,
  AcopioCatdCheck,
  ActaWorkflowOptions,
  LoadCatalogueResult,
  NewPage,
  ReceiveResult,
  RecoveredScan,
  ScanEnd,
  ScanFinish,
  TransmissionItem,
  TransmissionLedgerRow,
} from './types';

export type {
  AcopioCatdCheck,
  ActaRef,
  ActaWorkflowOptions,
  LoadCatalogueResult,
  NewPage,
  ReceiveOutcome,
  ReceiveResult,
  RecoveredScan,
  ScanEnd,
  ScanFinish,
  TransmissionItem,
  TransmissionLedgerRow,
  WorkflowHooks,
} from './types';
export { subject } from './workflow-part';

export class ActaWorkflow {
  readonly actas: ActaStore;
  readonly catalogue: CatalogueStore;
  readonly acopioReports: AcopioReports;
  private readonly commands: OperatorCommands;
  private readonly scans: ScanRecords;
  private readonly marks: TransmissionMarks;
  private readonly overrides: SupervisorOverrides;
  private readonly catalogueLoading: CatalogueLoading;
  private readonly queries: ActaQueries;
  private readonly sightings: CatdSightings;
  private readonly later: CatdLater;

  constructor(opts: ActaWorkflowOptions) {
    this.actas = new ActaStore(opts.db);
    this.catalogue = new CatalogueStore(opts.db);
    this.acopioReports = new AcopioReports(opts.db);
    const ctx: WorkflowContext = {
      db: opts.db,
      clock: opts.clock,
      audit: new AuditLog(opts.db, opts.clock),
      actas: this.actas,
      catalogue: this.catalogue,
      acopioReports: this.acopioReports,
      hooks: opts.hooks ?? {},
      log: opts.log?.child({ part: 'workflow' }),
    };
    this.commands = new OperatorCommands(ctx, opts.autoEnqueue ?? true);
    this.scans = new ScanRecords(ctx);
    this.marks = new TransmissionMarks(ctx, opts.stationId);
    this.overrides = new SupervisorOverrides(ctx);
    this.catalogueLoading = new CatalogueLoading(ctx);
    this.queries = new ActaQueries(ctx);
    this.sightings = new CatdSightings(ctx);
    this.later = new CatdLater(ctx);
    this.reportCtx = ctx;
  }

  private readonly reportCtx: WorkflowContext;

  /** The night report: per hour, per operator, rejections by reason, transmission times. */
  nightReport(): NightReport {
    const { audit, clock } = this.reportCtx;
    return nightReport({ audit, clock, actas: this.actas, queries: this.queries });
  }

  // ---- Operator (operator-commands.ts)

  receive(input: ReceiveActaInput, actor: WorkflowActor, catd?: AcopioCatdCheck): ReceiveResult {
    return this.commands.receive(input, actor, catd);
  }

  verify(input: VerifyActaInput, actor: WorkflowActor): ActaSummary {
    return this.commands.verify(input, actor);
  }

  enqueue(input: ActaCommandInput, actor: WorkflowActor): ActaSummary {
    return this.commands.enqueue(input, actor);
  }

  reject(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.commands.reject(input, actor);
  }

  // ---- Capture pipeline (scan-records.ts)

  beginScan(actaId: number, version: number, actor: WorkflowActor): { scanNo: number; acta: ActaSummary } {
    return this.scans.beginScan(actaId, version, actor);
  }

  recordPage(actaId: number, scanNo: number, page: NewPage): PageSummary {
    return this.scans.recordPage(actaId, scanNo, page);
  }

  finishScan(
    actaId: number,
    scanNo: number,
    version: number,
    end: ScanEnd,
    actor: WorkflowActor,
  ): ScanFinish {
    return this.scans.finishScan(actaId, scanNo, version, end, actor);
  }

  recoverInterruptedScans(): RecoveredScan[] {
    return this.scans.recoverInterruptedScans();
  }

  knownPageHashes(): Set<string> {
    return this.scans.knownPageHashes();
  }

  // ---- Transmitter (transmission-marks.ts)

  markTransmitted(ref: ActaRef, linkName: string, actor?: WorkflowActor): ActaSummary {
    return this.marks.markTransmitted(ref, linkName, actor);
  }

  markAcknowledged(ref: ActaRef, receiptId: string, actor?: WorkflowActor): ActaSummary {
    return this.marks.markAcknowledged(ref, receiptId, actor);
  }

  transmissionItem(actaId: number): TransmissionItem {
    return this.marks.transmissionItem(actaId);
  }

  transmissionLedger(): TransmissionLedgerRow[] {
    return this.marks.transmissionLedger();
  }

  // ---- The CATD's late answers (catd-sightings.ts)

  /** A report sent late was recorded; `earlier`: the stations of the CATD that had the key first. */
  acopioReported(actaId: number, earlier: readonly AcopioSighting[]): LateSightingOutcome {
    return this.sightings.reported(actaId, earlier);
  }

  /** The CATD view's later acopios of this station's keys at other stations; the ones new here. */
  catdLaterLearnt(later: readonly LaterSighting[]): CatdLaterNotice[] {
    return this.later.learn(later);
  }

  /** The latest of those, newest first, for the supervisor console. */
  catdLaterNotices(limit: number): CatdLaterNotice[] {
    return this.later.notices(limit);
  }

  // ---- Supervisor (supervisor-overrides.ts, catalogue-loading.ts)

  acceptPage(input: AcceptPageInput, actor: WorkflowActor): ActaSummary {
    return this.overrides.acceptPage(input, actor);
  }

  resolveConflict(
    input: ResolveConflictInput,
    actor: WorkflowActor,
  ): { acta: ActaSummary; existing: ActaSummary | null } {
    return this.overrides.resolveConflict(input, actor);
  }

  annul(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.overrides.annul(input, actor);
  }

  holdTransmission(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.overrides.holdTransmission(input, actor);
  }

  releaseTransmission(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.overrides.releaseTransmission(input, actor);
  }

  acceptOutOfCatalogue(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    return this.overrides.acceptOutOfCatalogue(input, actor);
  }

  loadCatalogue(csv: string, reason: string, actor: WorkflowActor): LoadCatalogueResult {
    return this.catalogueLoading.loadCatalogue(csv, reason, actor);
  }

  // ---- Screens (acta-queries.ts)

  get(actaId: number): ActaDetail {
    return this.queries.get(actaId);
  }

  find(actaId: number): ActaSummary | undefined {
    return this.queries.find(actaId);
  }

  list(query?: ListActasQuery): { actas: ActaSummary[]; total: number } {
    return this.queries.list(query);
  }

  history(actaId: number): ActaHistoryEntry[] {
    return this.queries.history(actaId);
  }

  dashboard(): DashboardCounts {
    return this.queries.dashboard();
  }

  timeSeries(opts?: { since?: string; bucketMs?: number }): TimeSeriesPoint[] {
    return this.queries.timeSeries(opts);
  }

  pageMedia(sha256: string): { format: string; preview: string | null } | undefined {
    return this.queries.pageMedia(sha256);
  }
}
