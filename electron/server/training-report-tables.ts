// What the trainer's report says, once, for each of its forms: the printable page
// (training-report.ts) and the PDF (training-report-pdf.ts). Plain text cells; each form escapes
// them its own way. In Spanish: the report is the trainer's, and names the defect, not its code.
import type { EventScore, SessionScore } from '../../shared/training/score';
import type { SheetDefect } from '../../shared/training/scenario';

/** A session kept for comparison with later rehearsals (resultados.jsonl). */
export interface SavedScore {
  savedAt: string;
  scenario: string;
  operators: Array<Omit<SessionScore['operators'][number], 'acceptanceSeconds'>>;
}

export const REPORT_MARK = 'CAPACITACIÓN — no es un documento de la operación real';
export const REPORT_TITLE = 'Informe de capacitación';
export const TIMES_TITLE = 'Tiempo por acta (acopio → aceptación)';
export const MISTAKES_TITLE = 'Errores por tipo';
export const EVENTS_TITLE = 'Eventos del escenario';
export const SAVED_TITLE = 'Sesiones guardadas (para comparar)';
export const TIME_UP_TEXT = 'Tiempo terminado: la sesión llegó a su tiempo límite.';

export function kindText(score: SessionScore): string {
  return score.kind === 'lesson' ? 'Lección (con ayudas en pantalla)' : 'Simulacro (sin ayudas)';
}

const MISTAKE_TEXT: Record<string, string> = {
  defectAccepted: 'hoja defectuosa aceptada',
  goodRejected: 'hoja buena rechazada',
  wrongKey: 'clave capturada mal',
};

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

const orDash = (v: number | null): string => (v === null ? '—' : String(v));

export const OPERATOR_HEADERS = [
  'Operador',
  'Actas completadas',
  'Mediana acopio→aceptación (s)',
  'p90 (s)',
  'Defectuosas detectadas',
  'Defectuosas aceptadas',
  'Buenas rechazadas',
  'Conflictos resueltos',
  'Claves mal capturadas',
];

export function operatorRows(score: SessionScore): string[][] {
  return score.operators.map((o) => [
    o.operator,
    String(o.actasCompleted),
    orDash(o.medianSeconds),
    orDash(o.p90Seconds),
    String(o.defectiveCaught),
    String(o.defectiveAccepted),
    String(o.goodRejected),
    `${o.conflictsResolved}/${o.conflictsSeen}` +
      (o.medianConflictSeconds === null ? '' : ` (${o.medianConflictSeconds} s)`),
    String(o.wrongKeys),
  ]);
}

export interface Bar {
  label: string;
  value: number;
}

export function timeBars(score: SessionScore): Bar[] {
  return score.operators.flatMap((o) =>
    o.acceptanceSeconds.map((s, i) => ({ label: `${o.operator} · acta ${i + 1}`, value: s })),
  );
}

export function mistakeBars(score: SessionScore): Bar[] {
  const kinds = new Map<string, number>();
  for (const m of score.mistakes) {
    const k = m.defect ? `${MISTAKE_TEXT[m.kind]} (${DEFECT_TEXT[m.defect]})` : MISTAKE_TEXT[m.kind]!;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  return [...kinds].map(([label, value]) => ({ label, value }));
}

export const EVENT_HEADERS = ['Evento', 'Desde el inicio', 'Atención'];

/** The events played, when, and how each was handled (see electron/training/session.ts). */
export function eventRows(score: SessionScore): string[][] {
  return score.events.map((e) => {
    const at = `${Math.round(e.atMs / 100) / 10} s`;
    const what = e.link ? `${EVENT_TEXT[e.kind]} (${e.link})` : EVENT_TEXT[e.kind];
    const outcome = e.needsOperator
      ? e.reactionSeconds === null
        ? 'sin atender'
        : `atendido en ${e.reactionSeconds} s`
      : e.kind === 'linkDown'
        ? e.reactionSeconds === null
          ? 'sin restablecer'
          : `restablecido a los ${e.reactionSeconds} s (la estación reintenta sola)`
        : 'la estación actúa sola (aviso en pantalla)';
    return [what, at, outcome];
  });
}

export function eventsSummary(score: SessionScore): string {
  return `Eventos que pedían acción: ${score.eventsHandled}/${score.eventsNeedingOperator} atendidos · reacción mediana: ${orDash(score.medianReactionSeconds)} s`;
}

export const SAVED_HEADERS = [
  'Guardada (UTC)',
  'Escenario',
  'Operador',
  'Actas',
  'Mediana (s)',
  'Detectadas',
  'Aceptadas',
  'Buenas rechazadas',
];

export function savedRows(saved: SavedScore[]): string[][] {
  return saved.flatMap((s) =>
    s.operators.map((o) => [
      s.savedAt.slice(0, 16).replace('T', ' '),
      s.scenario,
      o.operator,
      String(o.actasCompleted),
      orDash(o.medianSeconds),
      String(o.defectiveCaught),
      String(o.defectiveAccepted),
      String(o.goodRejected),
    ]),
  );
}
