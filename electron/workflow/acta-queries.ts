// What screens read of the actas: one acta with its pages and history, a searchable page of them,
// the dashboard's counts and its time series. Reads only; every change goes through a command.
import type { Clock } from '../platform/clock';
import type { AuditLog } from '../security/audit';
import {
  ACTA_STATES,
  ListActasQuerySchema,
  type ActaDetail,
  type ActaHistoryEntry,
  type ActaState,
  type ActaSummary,
  type DashboardCounts,
  type ListActasQuery,
  type TimeSeriesPoint,
} from '../../shared/workflow';
import { pageSummary } from './acta-rows';
import type { ActaStore } from './acta-store';
import type { CatalogueStore } from './catalogue-store';
import { WorkflowError } from './errors';
import { subject, type WorkflowContext } from './workflow-part';

const TEN_MINUTES_MS = 10 * 60_000;

export class ActaQueries {
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly actas: ActaStore;
  private readonly catalogue: CatalogueStore;

  constructor(ctx: WorkflowContext) {
    this.clock = ctx.clock;
    this.audit = ctx.audit;
    this.actas = ctx.actas;
    this.catalogue = ctx.catalogue;
  }

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
    const terms = (q.search ?? '')
      .toUpperCase()
      .split(/[\s|·,;]+/)
      .filter((t) => t !== '');
    const { rows, total } = this.actas.search({ states: q.states, terms, limit: q.limit, offset: q.offset });
    return { actas: rows.map((r) => this.actas.summary(r)), total };
  }

  history(actaId: number): ActaHistoryEntry[] {
    return this.audit.bySubject(subject(actaId)).map((e) => ({
      seq: e.seq,
      at: { utc: e.atUtc, offsetMinutes: e.offsetMinutes },
      actor: e.actor,
      action: e.action,
      details: e.details,
    }));
  }

  dashboard(): DashboardCounts {
    const byState = Object.fromEntries(ACTA_STATES.map((s) => [s, 0])) as Record<ActaState, number>;
    for (const r of this.actas.countByState()) byState[r.state] = r.n;
    // The funnel counts casillas, not records: a replacement or a second record kept by a
    // supervisor does not make a casilla count twice against the catalogue.
    const stages = this.actas.casillaStages();
    const atLeast = (stage: number) => stages.filter((s) => s >= stage).length;
    return {
      expected: this.catalogue.info()?.entries ?? 0,
      received: atLeast(1),
      digitised: atLeast(2),
      verified: atLeast(3),
      queued: atLeast(4),
      sent: atLeast(5),
      acknowledged: atLeast(6),
      byState,
      held: this.actas.countHeld(),
      outOfCatalogue: this.actas.countOutOfCatalogue(),
    };
  }

  /**
   * Events per 10-minute bucket (received, digitised, verified, sent, acknowledged), from `since`
   * (default: the first acta) to now, empty buckets included, so the chart's x axis is even.
   */
  timeSeries(opts: { since?: string; bucketMs?: number } = {}): TimeSeriesPoint[] {
    const bucketMs = opts.bucketMs ?? TEN_MINUTES_MS;
    const rows = this.actas.milestones();
    const first = opts.since ? Date.parse(opts.since) : Math.min(...rows.map((r) => Date.parse(r.received)));
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
      add(r.received, 'received');
      add(r.digitised, 'digitised');
      add(r.verified, 'verified');
      add(r.sent, 'sent');
      add(r.acknowledged, 'acknowledged');
    }
    return points;
  }

  /** What the media route needs to serve a page image, when a page with this hash exists. */
  pageMedia(sha256: string): { format: string; preview: string | null } | undefined {
    return this.actas.pageMedia(sha256);
  }
}
