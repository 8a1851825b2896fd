// The trainer's report of a training session: the score per operator (shared/training/score.ts)
// as a print-ready page (Letter; the browser prints it to PDF, like the guides at /guias/NAME)
// with simple SVG charts — time per acta, mistakes by kind —, as a PDF the core writes itself
// (training-report-pdf.ts), and as CSV. For a supervisor's
// session only, and only on a training station running a scenario.
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { scoreCsv, scoreSession, type SessionScore } from '../../shared/training/score';
import type { ActaDetail } from '../../shared/workflow';
import type { CoreServices } from './services';
import { reportPdf } from './training-report-pdf';
import {
  EVENT_HEADERS,
  EVENTS_TITLE,
  eventRows,
  eventsSummary,
  kindText,
  MISTAKES_TITLE,
  mistakeBars,
  OPERATOR_HEADERS,
  operatorRows,
  REPORT_MARK,
  REPORT_TITLE,
  SAVED_HEADERS,
  SAVED_TITLE,
  savedRows,
  TIME_UP_TEXT,
  TIMES_TITLE,
  timeBars,
  type Bar,
  type SavedScore,
} from './training-report-tables';

export const TRAINING_REPORT_PATH = '/capacitacion/informe';

/** The report's print style, served beside it (the core's CSP allows no inline style). */
const REPORT_CSS = `@page { size: letter; margin: 18mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #111; }
h1 { font-size: 20px; } .mark { color: #b0005a; font-weight: 800; letter-spacing: .05em; }
table { border-collapse: collapse; width: 100%; font-size: 12px; } th, td { border: 1px solid #888; padding: 4px 6px; text-align: right; }
th:first-child, td:first-child { text-align: left; } figure { margin: 12px 0; } figcaption { font-weight: 700; margin-bottom: 4px; }
`;

/** The session's score now, or null when this core runs no scenario. */
export function currentScore(services: CoreServices): SessionScore | null {
  const scenario = services.training.scenario;
  if (!scenario) return null;
  const details: ActaDetail[] = services.workflow
    .list({ limit: 1000, offset: 0 })
    .actas.map((a) => services.workflow.get(a.id));
  const session = services.training.session;
  return scoreSession(
    scenario,
    details,
    session
      ? { events: session.eventRecords(), wrongKeys: session.wrongKeyNotes(), timeUp: session.ended() }
      : undefined,
  );
}

/** Saved sessions, one JSON line each, in the training data folder (kept across rehearsals). */
export const SAVED_SCORES_FILE = 'resultados.jsonl';

export type { SavedScore };

/** Keeps the session's score for comparison with later rehearsals; returns what was kept. */
export function saveScore(services: CoreServices): SavedScore | null {
  const score = currentScore(services);
  if (!score) return null;
  const saved: SavedScore = {
    savedAt: services.clock.now().toISOString(),
    scenario: score.scenario,
    operators: score.operators.map(({ acceptanceSeconds: _times, ...rest }) => rest),
  };
  const fd = fs.openSync(path.join(services.dataDir, SAVED_SCORES_FILE), 'a', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(saved) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return saved;
}

export function savedScores(dataDir: string): SavedScore[] {
  try {
    return fs
      .readFileSync(path.join(dataDir, SAVED_SCORES_FILE), 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as SavedScore];
        } catch {
          return []; // a line cut by a power loss: the others still compare
        }
      });
  } catch {
    return [];
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Horizontal bars, one per value, labelled: plain SVG that prints. */
function bars(title: string, items: Bar[], unit: string): string {
  const max = Math.max(1, ...items.map((i) => i.value));
  const h = 22;
  const rows = items
    .map((it, n) => {
      const w = Math.round((it.value / max) * 380);
      return (
        `<text x="0" y="${n * h + 15}" font-size="12">${esc(it.label)}</text>` +
        `<rect x="270" y="${n * h + 3}" width="${w}" height="${h - 8}" fill="#b0005a"/>` +
        `<text x="${276 + w}" y="${n * h + 15}" font-size="12">${it.value} ${esc(unit)}</text>`
      );
    })
    .join('');
  return (
    `<figure><figcaption>${esc(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="${Math.max(1, items.length) * h + 4}" role="img" aria-label="${esc(title)}">${rows}</svg></figure>`
  );
}

function table(testId: string, headers: string[], rows: string[][]): string {
  const tr = (cells: string[], tag: string): string =>
    `<tr>${cells.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('')}</tr>`;
  return `<table data-testid="${testId}"><thead>${tr(headers, 'th')}</thead><tbody>${rows.map((r) => tr(r, 'td')).join('')}</tbody></table>`;
}

export function reportHtml(score: SessionScore, saved: SavedScore[] = []): string {
  return `<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>${REPORT_TITLE}</title>
<link rel="stylesheet" href="${TRAINING_REPORT_PATH}.css"></head><body>
<p class="mark">${REPORT_MARK}</p>
<h1>${REPORT_TITLE}: ${esc(score.scenario)}</h1>
<p>${kindText(score)}</p>
${score.timeUp ? `<p class="mark" data-testid="training-time-up">${TIME_UP_TEXT}</p>` : ''}
${table('training-score', OPERATOR_HEADERS, operatorRows(score))}
${bars(TIMES_TITLE, timeBars(score), 's')}
${bars(MISTAKES_TITLE, mistakeBars(score), '')}
<h2>${EVENTS_TITLE}</h2>
<p data-testid="training-events-summary">${esc(eventsSummary(score))}</p>
${table('training-events', EVENT_HEADERS, eventRows(score))}
${saved.length ? `<h2>${SAVED_TITLE}</h2>${table('saved-scores', SAVED_HEADERS, savedRows(saved))}` : ''}
</body></html>`;
}

/** GET /capacitacion/informe (printable HTML), /capacitacion/informe.csv and .pdf. */
export function serveTrainingReport(services: CoreServices, pathname: string, res: ServerResponse): void {
  const score = currentScore(services);
  if (!score) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Sin escenario de capacitación.');
    return;
  }
  if (pathname === `${TRAINING_REPORT_PATH}.css`) {
    res
      .writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(REPORT_CSS);
    return;
  }
  if (pathname === `${TRAINING_REPORT_PATH}.csv`) {
    res
      .writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="capacitacion.csv"',
        'Cache-Control': 'no-store',
      })
      .end(scoreCsv(score));
    return;
  }
  if (pathname === `${TRAINING_REPORT_PATH}.pdf`) {
    res
      .writeHead(200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': 'attachment; filename="capacitacion.pdf"',
        'Cache-Control': 'no-store',
      })
      .end(reportPdf(score, savedScores(services.dataDir)));
    return;
  }
  if (pathname !== TRAINING_REPORT_PATH) {
    res.writeHead(404).end();
    return;
  }
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(reportHtml(score, savedScores(services.dataDir)));
}
