// The night report (issue #19): what the station did, per hour and per operator, why pages and
// actas were rejected, and how long transmission took from verification to the central's receipt.
// The core computes it (electron/workflow/night-report.ts); the console shows it, the core prints
// it (/informe) and exports it as CSV (/informe.csv) with nightReportCsv.
import type { StationRejectionsReport } from './intake';

export interface NightReportHour {
  /** Start of the hour, UTC ISO. */
  hourStart: string;
  received: number;
  digitised: number;
  verified: number;
  acknowledged: number;
}

export interface NightReportOperator {
  operator: string;
  received: number;
  scanned: number;
  verified: number;
  rejected: number;
}

export interface NightReportRejection {
  /** 'gate': a page the quality gate refused (reason = its message key); 'verification': F7 (the typed text). */
  kind: 'gate' | 'verification';
  reason: string;
  count: number;
}

export interface NightReportTransmission {
  /** Actas acknowledged by the central. */
  count: number;
  /** From verification to the central's receipt, in seconds (null: none yet). */
  medianSeconds: number | null;
  p90Seconds: number | null;
  maxSeconds: number | null;
  /** How many took at most each bound (seconds); the last bound is null: longer. */
  buckets: Array<{ upToSeconds: number | null; count: number }>;
}

export interface NightReport {
  generatedAt: string;
  hours: NightReportHour[];
  operators: NightReportOperator[];
  rejections: NightReportRejection[];
  transmission: NightReportTransmission;
}

/** The bounds of the transmission-time histogram, in seconds. */
export const TRANSMISSION_BUCKETS_S = [30, 60, 120, 300, 600] as const;

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A gate reason names what is wrong, then " — " what to do: the report keeps the what. */
export function rejectionLabel(x: NightReportRejection, t: Translate): string {
  return x.kind === 'gate' ? (t(x.reason).split(' — ')[0] ?? x.reason) : x.reason;
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: a typed reason must stay text.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(values: Array<string | number | null>): string {
  return values.map(csvField).join(',');
}

/** The report as CSV: one block per section, each with its own header line, blocks apart. */
export function nightReportCsv(r: NightReport, t: Translate): string {
  const lines: string[] = [];
  const h = (k: string) => t(`report.col.${k}`);
  lines.push(csvRow([t('report.title'), r.generatedAt]), '');
  lines.push(csvRow([t('report.hours')]));
  lines.push(csvRow([h('hour'), h('received'), h('digitised'), h('verified'), h('acknowledged')]));
  for (const x of r.hours)
    lines.push(csvRow([x.hourStart, x.received, x.digitised, x.verified, x.acknowledged]));
  lines.push('', csvRow([t('report.operators')]));
  lines.push(csvRow([h('operator'), h('received'), h('scanned'), h('verified'), h('rejected')]));
  for (const o of r.operators)
    lines.push(csvRow([o.operator, o.received, o.scanned, o.verified, o.rejected]));
  lines.push('', csvRow([t('report.rejections')]));
  lines.push(csvRow([h('kind'), h('reason'), h('count')]));
  for (const x of r.rejections)
    lines.push(csvRow([t(`report.kind.${x.kind}`), rejectionLabel(x, t), x.count]));
  lines.push('', csvRow([t('report.transmission')]));
  const tx = r.transmission;
  lines.push(csvRow([h('count'), h('median'), h('p90'), h('max')]));
  lines.push(csvRow([tx.count, tx.medianSeconds, tx.p90Seconds, tx.maxSeconds]));
  lines.push(csvRow([h('upTo'), h('count')]));
  for (const b of tx.buckets) lines.push(csvRow([b.upToSeconds ?? h('longer'), b.count]));
  return `${lines.join('\r\n')}\r\n`;
}

/** The night's rejections as the heartbeat carries them to the central (`health.rejections`). */
export function heartbeatRejections(r: NightReport): StationRejectionsReport {
  return {
    scans: r.operators.reduce((n, o) => n + o.scanned, 0),
    // The most frequent first (the report's order): the ones that matter survive the cap.
    byReason: r.rejections
      .slice(0, 64)
      .map((x) => ({ kind: x.kind, reason: x.reason.slice(0, 200), count: x.count })),
  };
}
