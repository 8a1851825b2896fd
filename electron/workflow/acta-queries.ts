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
import { parseActaKey } from '../../shared/acta-key';
import type { CatalogueEntry } from '../../shared/catalogue';
import type { ActaStore } from './acta-store';
import type { CatalogueStore } from './catalogue-store';
import { WorkflowError } from './errors';
import { subject, type WorkflowContext } from './workflow-part';

const TEN_MINUTES_MS = 10 * 60_000;
/** keyStages' acusada. */
const FURTHEST_STAGE = 6;
/** Casillas named on the Tablero's missing list (the count is always exact). */
export const MAX_MISSING_LISTED = 60;

export function entryId(e: Omit<CatalogueEntry, 'election'> & { election: string | null }): string {
  return `${e.election ?? '*'}-${e.entidad}-${e.distrito}-${e.seccion}-${e.casillaType}${e.casillaNumber}`;
}

/** "09-05 · 1234 B1", with the election first when the catalogue names one ("SEN · 09-05 · …"). */
export function entryDisplay(e: CatalogueEntry): string {
  const casilla = `${e.entidad}-${e.distrito} · ${e.seccion} ${e.casillaType}${e.casillaNumber}`;
  return e.election ? `${e.election} · ${casilla}` : casilla;
}

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

  /**
   * The funnel counts casillas, not records (never "Recibidas 11 / 10"). With a catalogue the unit
   * is its entry (a casilla, or a casilla for one election), so the bars are out of `expected`;
   * keys outside it count apart (outOfCatalogue). Without one, each casilla seen counts once. A
   * casilla is as far as its least advanced acta: one whose PRES is acknowledged but whose SEN
   * is only received is "received". The casillas the catalogue expects and no acta has reached
   * are listed (the first MAX_MISSING_LISTED, in catalogue order).
   */
  dashboard(): DashboardCounts {
    const byState = Object.fromEntries(ACTA_STATES.map((s) => [s, 0])) as Record<ActaState, number>;
    for (const r of this.actas.countByState()) byState[r.state] = r.n;
    const catalogue = this.catalogue.current();
    const stages = new Map<string, number>();
    for (const r of this.actas.keyStages()) {
      const parsed = parseActaKey(r.keyLabel);
      if (!parsed.ok) continue; // stored only after parsing: cannot happen, never counts
      let unit: string;
      if (catalogue) {
        const found = catalogue.lookup(parsed.key);
        if (!found.ok) continue;
        unit = entryId(found.entry);
      } else unit = entryId({ ...parsed.key, election: null });
      stages.set(unit, Math.min(stages.get(unit) ?? FURTHEST_STAGE, r.stage));
    }
    const atLeast = (stage: number) => [...stages.values()].filter((s) => s >= stage).length;
    const missing = catalogue ? catalogue.entries.filter((e) => !stages.has(entryId(e))) : [];
    return {
      expected: catalogue?.size ?? 0,
      received: atLeast(1),
      digitised: atLeast(2),
      verified: atLeast(3),
      queued: atLeast(4),
      sent: atLeast(5),
      acknowledged: atLeast(6),
      byState,
      held: this.actas.countHeld(),
      outOfCatalogue: this.actas.countOutOfCatalogue(),
      missingTotal: missing.length,
      missing: missing.slice(0, MAX_MISSING_LISTED).map(entryDisplay),
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
