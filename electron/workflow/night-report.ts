// The night report, from what the station already keeps: the audit log says who received,
// scanned, verified and rejected what (and the gate's reasons for each rejected scan); the actas'
// milestones give the hours and the time from verification to the central's receipt.
import type { AuditLog } from '../security/audit';
import type { Clock } from '../platform/clock';
import {
  TRANSMISSION_BUCKETS_S,
  type NightReport,
  type NightReportOperator,
  type NightReportRejection,
} from '../../shared/report';
import type { ActaQueries } from './acta-queries';
import type { ActaStore } from './acta-store';

const HOUR_MS = 3_600_000;
/** More audit entries than a CATD's night writes (≈ 1,700 actas × a handful of steps each). */
const AUDIT_SCAN_LIMIT = 200_000;

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** The audit's gate codes as the message keys the screens translate. */
function reasonKey(code: string): string {
  return code === 'identificationMismatch'
    ? 'workflow.reason.identificationMismatch'
    : `quality.reason.${code}`;
}

export function nightReport(deps: {
  audit: AuditLog;
  actas: ActaStore;
  queries: ActaQueries;
  clock: Clock;
}): NightReport {
  const operators = new Map<string, NightReportOperator>();
  const who = (id: string) => {
    let o = operators.get(id);
    if (!o) operators.set(id, (o = { operator: id, received: 0, scanned: 0, verified: 0, rejected: 0 }));
    return o;
  };
  const rejections = new Map<string, NightReportRejection>();
  const reject = (kind: NightReportRejection['kind'], reason: string) => {
    const id = `${kind}\u0000${reason}`;
    const r = rejections.get(id) ?? { kind, reason, count: 0 };
    r.count++;
    rejections.set(id, r);
  };
  const { entries } = deps.audit.query({ action: 'acta.', limit: AUDIT_SCAN_LIMIT });
  for (const e of entries) {
    switch (e.action) {
      case 'acta.receive':
      case 'acta.conflict':
        who(e.actor).received++;
        break;
      case 'acta.scanEnd':
        if (e.details.to === 'digitalizada' || e.details.to === 'rechazada') who(e.actor).scanned++;
        if (e.details.to === 'rechazada' && Array.isArray(e.details.reasons))
          for (const code of e.details.reasons) reject('gate', reasonKey(String(code)));
        break;
      case 'acta.verify':
        who(e.actor).verified++;
        break;
      case 'acta.reject':
        who(e.actor).rejected++;
        reject('verification', String(e.details.reason ?? ''));
        break;
    }
  }
  const seconds = deps.actas
    .milestones()
    .filter((m) => m.verified && m.acknowledged)
    .map((m) => Math.max(0, (Date.parse(m.acknowledged!) - Date.parse(m.verified!)) / 1000))
    .sort((a, b) => a - b);
  const bounds = [...TRANSMISSION_BUCKETS_S, null];
  const buckets = bounds.map((upTo, i) => ({
    upToSeconds: upTo,
    count: seconds.filter((s) => (upTo === null || s <= upTo) && (i === 0 || s > bounds[i - 1]!)).length,
  }));
  return {
    generatedAt: deps.clock.now().toISOString(),
    hours: deps.queries.timeSeries({ bucketMs: HOUR_MS }).map((p) => ({
      hourStart: p.bucketStart,
      received: p.received,
      digitised: p.digitised,
      verified: p.verified,
      acknowledged: p.acknowledged,
    })),
    operators: [...operators.values()].sort((a, b) => a.operator.localeCompare(b.operator)),
    rejections: [...rejections.values()].sort((a, b) => b.count - a.count),
    transmission: {
      count: seconds.length,
      medianSeconds: percentile(seconds, 0.5),
      p90Seconds: percentile(seconds, 0.9),
      maxSeconds: seconds.at(-1) ?? null,
      buckets,
    },
  };
}
