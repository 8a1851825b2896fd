// The night report as the supervisor prints and exports it: GET /informe is a print-ready page
// (Letter, bars drawn in CSS, no script), GET /informe.csv the same figures for a spreadsheet.
// Only for a supervisor (signed in, or an operator's session with a live elevation): the report
// names operators and what each did.
import type { ServerResponse } from 'node:http';
import { actingSupervisor } from '../security/elevation';
import type { BrowserSession } from '../security/sessions';
import { translate } from '../../shared/messages/translate';
import { nightReportCsv, rejectionLabel, type NightReport } from '../../shared/report';
import type { Language } from '../../shared/domain';
import type { CoreServices } from './services';
import { escapeHtml } from './guides';

const pad = (n: number) => String(n).padStart(2, '0');

/** "03/12/2026 23:00" in the station's offset (a printed page has no time zone of its own). */
function stationTime(iso: string, offsetMinutes: number): string {
  const d = new Date(Date.parse(iso) + offsetMinutes * 60_000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * A row of a bar chart: label, a bar as wide as its share of the largest, the number. The bar is
 * an SVG rect (its width an attribute): the CSP allows no inline style, on screen or printed.
 */
function bar(label: string, value: number, max: number): string {
  const width = max > 0 ? Math.round((1000 * value) / max) / 10 : 0;
  return `<tr><th>${escapeHtml(label)}</th><td class="track"><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${value}"><rect width="${width}" height="10" fill="#1f3b73"></rect></svg></td><td class="n">${value}</td></tr>`;
}

const PRINT_CSS = `
@page { size: Letter; margin: 12mm 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #000; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2pt; } h2 { font-size: 12pt; margin: 10pt 0 4pt; border-bottom: 1px solid #000; }
table { border-collapse: collapse; width: 100%; page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: 2pt 4pt; text-align: left; }
td.n { text-align: right; width: 12%; } td.track { width: 60%; }
.bar { display: block; height: 9pt; width: 100%; }
.chart th { width: 28%; font-weight: normal; } .chart td { border: none; } .chart { border: none; }
`;

export function reportPage(r: NightReport, lang: Language, offsetMinutes: number): string {
  const t = (k: string, v?: Record<string, string | number>) => translate(k, v ?? {}, lang);
  const s = (k: string) => escapeHtml(t(k));
  const hoursMax = Math.max(0, ...r.hours.map((h) => h.received));
  const hourRows = r.hours.map((h) =>
    bar(stationTime(h.hourStart, offsetMinutes).slice(11), h.received, hoursMax),
  );
  const opRows = r.operators
    .map(
      (o) =>
        `<tr><td>${escapeHtml(o.operator)}</td><td class="n">${o.received}</td><td class="n">${o.scanned}</td><td class="n">${o.verified}</td><td class="n">${o.rejected}</td></tr>`,
    )
    .join('');
  const rejMax = Math.max(0, ...r.rejections.map((x) => x.count));
  const rejRows = r.rejections.map((x) =>
    bar(`${t(`report.kind.${x.kind}`)}: ${rejectionLabel(x, t)}`, x.count, rejMax),
  );
  const tx = r.transmission;
  const txMax = Math.max(0, ...tx.buckets.map((b) => b.count));
  const txRows = tx.buckets.map((b) =>
    bar(
      b.upToSeconds === null ? t('report.col.longer') : t('report.upTo', { s: b.upToSeconds }),
      b.count,
      txMax,
    ),
  );
  const secs = (v: number | null) => (v === null ? '—' : `${Math.round(v)} s`);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${s('report.title')}</title><link rel="stylesheet" href="/informe.css"></head><body>
<h1>${s('report.title')}</h1><p>${escapeHtml(t('report.generated', { at: stationTime(r.generatedAt, offsetMinutes) }))}</p>
<h2>${s('report.hours')}</h2><table class="chart">${hourRows.join('') || `<tr><td>${s('report.none')}</td></tr>`}</table>
<h2>${s('report.operators')}</h2><table><thead><tr><th>${s('report.col.operator')}</th><th>${s('report.col.received')}</th><th>${s('report.col.scanned')}</th><th>${s('report.col.verified')}</th><th>${s('report.col.rejected')}</th></tr></thead><tbody>${opRows}</tbody></table>
<h2>${s('report.rejections')}</h2><table class="chart">${rejRows.join('') || `<tr><td>${s('report.none')}</td></tr>`}</table>
<h2>${s('report.transmission')}</h2><p>${escapeHtml(t('report.txSummary', { count: tx.count, median: secs(tx.medianSeconds), p90: secs(tx.p90Seconds), max: secs(tx.maxSeconds) }))}</p>
<table class="chart">${txRows.join('')}</table>
</body></html>`;
}

/** GET /informe, /informe.css, /informe.csv. */
export function serveReport(
  services: CoreServices,
  session: BrowserSession,
  pathname: string,
  res: ServerResponse,
): void {
  if (pathname === '/informe.css') {
    res
      .writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(PRINT_CSS);
    return;
  }
  if (!actingSupervisor(session, services.clock.monotonicMs())) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end();
    return;
  }
  const report = services.workflow.nightReport();
  const lang = session.language;
  if (pathname === '/informe.csv') {
    res
      .writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="informe-nocturno.csv"',
        'Cache-Control': 'no-store',
      })
      // A BOM so a spreadsheet reads the accents as UTF-8.
      .end(`\uFEFF${nightReportCsv(report, (k, v) => translate(k, v ?? {}, lang))}`);
    return;
  }
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(reportPage(report, lang, services.clock.utcOffsetMinutes(services.clock.now())));
}
