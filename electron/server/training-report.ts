// The trainer's report of a training session: the score per operator (shared/training/score.ts)
// as a print-ready page (Letter; the browser prints it to PDF, like the guides at /guias/NAME)
// with simple SVG charts — time per acta, mistakes by kind — and as CSV. For a supervisor's
// session only, and only on a training station running a scenario.
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { scoreCsv, scoreSession, type EventScore, type SessionScore } from '../../shared/training/score';
import type { ActaDetail } from '../../shared/workflow';
import type { SheetDefect } from '../../shared/training/scenario';
import type { CoreServices } from './services';

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

export interface SavedScore {
  savedAt: string;
  scenario: string;
  operators: Array<Omit<SessionScore['operators'][number], 'acceptanceSeconds'>>;
}

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

function savedScores(dataDir: string): SavedScore[] {
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
function bars(title: string, items: Array<{ label: string; value: number }>, unit: string): string {
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

const MISTAKE_TEXT: Record<string, string> = {
  defectAccepted: 'hoja defectuosa aceptada',
  goodRejected: 'hoja buena rechazada',
  wrongKey: 'clave capturada mal',
};

/** The report is the trainer's page, in Spanish: the defect's name, not the scenario's code. */
const DEFECT_TEXT: Record<SheetDefect, string> = {
  blur: 'borrosa',
  cutOff: 'cortada',
  fold: 'esquina doblada',
  dark: 'oscura',
  lowResolution: 'baja resolución',
  skew: 'torcida',
  qrDamaged: 'QR dañado',
  otherActaQr: 'QR de otra acta',
};

const EVENT_TEXT: Record<EventScore['kind'], string> = {
  scannerJam: 'Atasco del escáner',
  upsOnBattery: 'UPS en batería',
  upsLow: 'Batería del UPS baja',
  mainsBack: 'Regresa la energía',
  plantStarts: 'Arranca la planta',
  linkDown: 'Enlace caído',
};

/** The events played, when, and how each was handled (see electron/training/session.ts). */
function eventsTable(score: SessionScore): string {
  const rows = score.events
    .map((e) => {
      const at = `${Math.round(e.atMs / 100) / 10} s`;
      const what = e.link ? `${EVENT_TEXT[e.kind]} (${esc(e.link)})` : EVENT_TEXT[e.kind];
      const outcome = e.needsOperator
        ? e.reactionSeconds === null
          ? 'sin atender'
          : `atendido en ${e.reactionSeconds} s`
        : e.kind === 'linkDown'
          ? e.reactionSeconds === null
            ? 'sin restablecer'
            : `restablecido a los ${e.reactionSeconds} s (la estación reintenta sola)`
          : 'la estación actúa sola (aviso en pantalla)';
      return `<tr><td>${what}</td><td>${at}</td><td>${outcome}</td></tr>`;
    })
    .join('');
  return `<h2>Eventos del escenario</h2>
<p data-testid="training-events-summary">Eventos que pedían acción: ${score.eventsHandled}/${score.eventsNeedingOperator} atendidos · reacción mediana: ${score.medianReactionSeconds ?? '—'} s</p>
<table data-testid="training-events"><thead><tr><th>Evento</th><th>Desde el inicio</th><th>Atención</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function savedTable(saved: SavedScore[]): string {
  if (saved.length === 0) return '';
  const rows = saved
    .flatMap((s) =>
      s.operators.map(
        (o) =>
          `<tr><td>${esc(s.savedAt.slice(0, 16).replace('T', ' '))}</td><td>${esc(s.scenario)}</td><td>${esc(o.operator)}</td>` +
          `<td>${o.actasCompleted}</td><td>${o.medianSeconds ?? '—'}</td><td>${o.defectiveCaught}</td><td>${o.defectiveAccepted}</td><td>${o.goodRejected}</td></tr>`,
      ),
    )
    .join('');
  return `<h2>Sesiones guardadas (para comparar)</h2><table data-testid="saved-scores"><thead><tr><th>Guardada (UTC)</th><th>Escenario</th><th>Operador</th><th>Actas</th><th>Mediana (s)</th><th>Detectadas</th><th>Aceptadas</th><th>Buenas rechazadas</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function reportHtml(score: SessionScore, saved: SavedScore[] = []): string {
  const rows = score.operators
    .map(
      (o) =>
        `<tr><td>${esc(o.operator)}</td><td>${o.actasCompleted}</td><td>${o.medianSeconds ?? '—'}</td><td>${o.p90Seconds ?? '—'}</td>` +
        `<td>${o.defectiveCaught}</td><td>${o.defectiveAccepted}</td><td>${o.goodRejected}</td><td>${o.conflictsResolved}/${o.conflictsSeen}</td><td>${o.wrongKeys}</td></tr>`,
    )
    .join('');
  const times = score.operators.flatMap((o) =>
    o.acceptanceSeconds.map((s, i) => ({ label: `${o.operator} · acta ${i + 1}`, value: s })),
  );
  const kinds = new Map<string, number>();
  for (const m of score.mistakes) {
    const k = m.defect ? `${MISTAKE_TEXT[m.kind]} (${DEFECT_TEXT[m.defect]})` : MISTAKE_TEXT[m.kind]!;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  return `<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>Informe de capacitación</title>
<link rel="stylesheet" href="${TRAINING_REPORT_PATH}.css"></head><body>
<p class="mark">CAPACITACIÓN — no es un documento de la operación real</p>
<h1>Informe de capacitación: ${esc(score.scenario)}</h1>
<p>${score.kind === 'lesson' ? 'Lección (con ayudas en pantalla)' : 'Simulacro (sin ayudas)'}</p>
${score.timeUp ? '<p class="mark" data-testid="training-time-up">Tiempo terminado: la sesión llegó a su tiempo límite.</p>' : ''}
<table data-testid="training-score"><thead><tr><th>Operador</th><th>Actas completadas</th><th>Mediana acopio→aceptación (s)</th><th>p90 (s)</th><th>Defectuosas detectadas</th><th>Defectuosas aceptadas</th><th>Buenas rechazadas</th><th>Conflictos resueltos</th><th>Claves mal capturadas</th></tr></thead>
<tbody>${rows}</tbody></table>
${bars('Tiempo por acta (acopio → aceptación)', times, 's')}
${bars(
  'Errores por tipo',
  [...kinds].map(([label, value]) => ({ label, value })),
  '',
)}
${eventsTable(score)}
${savedTable(saved)}
</body></html>`;
}

/** GET /capacitacion/informe (printable HTML) and /capacitacion/informe.csv. */
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
  if (pathname !== TRAINING_REPORT_PATH) {
    res.writeHead(404).end();
    return;
  }
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(reportHtml(score, savedScores(services.dataDir)));
}
