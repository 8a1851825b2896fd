// A training session's score, per operator, from the truth the scenario knows: which sheet of
// which acta was defective. Computed from what the station recorded (actas, their scans and
// pages), never from what the operator said: a defective sheet is "caught" when its scan did not
// become the acta's image, "accepted" when it did (the gate let it by, or a supervisor overrode).
import type { ActaDetail, PageSummary } from '../workflow';
import { actaKeyId } from '../acta-key';
import { scenarioKey, type Scenario, type SheetDefect } from './scenario';
import { reactionSeconds, type EventRecord } from './timeline';
import type { WrongKeyNote } from './session';

export interface Mistake {
  operator: string;
  keyLabel: string;
  /** wrongKey: a typed key the scenario's truth (or the workflow) shows was not the acta's. */
  kind: 'defectAccepted' | 'goodRejected' | 'wrongKey';
  /** The sheet's defect (defectAccepted), or null. */
  defect: SheetDefect | null;
}

/** One of the scenario's device or link events as the session played it (see electron/training/session.ts). */
export interface EventScore extends EventRecord {
  /** Seconds from the event to the operator's handling (jams), or to the link's return; null: not yet. */
  reactionSeconds: number | null;
}

export interface OperatorScore {
  operator: string;
  actasCompleted: number;
  /** Seconds from acopio to acceptance (verification), one per completed acta, in acopio order. */
  acceptanceSeconds: number[];
  medianSeconds: number | null;
  p90Seconds: number | null;
  defectiveCaught: number;
  defectiveAccepted: number;
  goodRejected: number;
  conflictsSeen: number;
  conflictsResolved: number;
  /** Seconds from each conflict (a repeated key at acopio) to the supervisor's resolution. */
  conflictSeconds: number[];
  medianConflictSeconds: number | null;
  /** Keys typed wrong: at acopio a key no acta of the scenario has, or a double entry the workflow refused. */
  wrongKeys: number;
}

export interface SessionScore {
  scenario: string;
  kind: Scenario['kind'];
  operators: OperatorScore[];
  mistakes: Mistake[];
  /** The events played so far, in the order they happened. */
  events: EventScore[];
  /** Events that asked something of the operator (jams), and how many were handled. */
  eventsNeedingOperator: number;
  eventsHandled: number;
  /** Median seconds from such an event to its handling (null: none handled). */
  medianReactionSeconds: number | null;
  /** The time limit passed before the session was scored. */
  timeUp: boolean;
}

/** What the running session recorded beside the actas (none for a score from actas alone). */
export interface SessionRun {
  events: EventRecord[];
  wrongKeys: WrongKeyNote[];
  timeUp: boolean;
}

const NO_RUN: SessionRun = { events: [], wrongKeys: [], timeUp: false };

/** Nearest-rank percentile of sorted values. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface ScanRef {
  acta: ActaDetail;
  scanNo: number;
  pages: PageSummary[];
  at: string;
}

export function scoreSession(s: Scenario, actas: ActaDetail[], run: SessionRun = NO_RUN): SessionScore {
  const sheetsOf = new Map<string, Scenario['actas'][number]['sheets']>();
  for (const a of s.actas) {
    const id = actaKeyId(scenarioKey(s, a.casilla));
    sheetsOf.set(id, [...(sheetsOf.get(id) ?? []), ...a.sheets]);
  }
  const byOperator = new Map<string, OperatorScore>();
  const who = (op: string): OperatorScore => {
    let o = byOperator.get(op);
    if (!o) {
      o = {
        operator: op,
        actasCompleted: 0,
        acceptanceSeconds: [],
        medianSeconds: null,
        p90Seconds: null,
        defectiveCaught: 0,
        defectiveAccepted: 0,
        goodRejected: 0,
        conflictsSeen: 0,
        conflictsResolved: 0,
        conflictSeconds: [],
        medianConflictSeconds: null,
        wrongKeys: 0,
      };
      byOperator.set(op, o);
    }
    return o;
  };
  const mistakes: Mistake[] = [];
  // Every scan of every acta of a key, in the order they happened: the n-th is the n-th sheet.
  const scansByKey = new Map<string, ScanRef[]>();
  const ordered = [...actas].sort((a, b) => a.acta.receivedAt.utc.localeCompare(b.acta.receivedAt.utc));
  for (const d of ordered) {
    const o = who(d.acta.verifiedBy ?? d.acta.receivedBy);
    // A typed key no acta of the scenario carries: the trainee received an acta that never arrived.
    if (d.acta.keySource === 'typed' && !sheetsOf.has(d.acta.keyId)) {
      const typist = who(d.acta.receivedBy);
      typist.wrongKeys++;
      mistakes.push({ operator: typist.operator, keyLabel: d.acta.keyLabel, kind: 'wrongKey', defect: null });
    }
    if (d.acta.verifiedAt) {
      o.actasCompleted++;
      o.acceptanceSeconds.push(
        Math.round((Date.parse(d.acta.verifiedAt.utc) - Date.parse(d.acta.receivedAt.utc)) / 1000),
      );
    }
    // Received as a conflict (a second acta of a key): resolved once it left en_conflicto.
    const conflict = d.history.find((h) => h.action === 'acta.conflict');
    if (conflict) {
      o.conflictsSeen++;
      if (d.acta.state !== 'en_conflicto') o.conflictsResolved++;
      // How long the repeated key waited for the supervisor's decision (the history is in order).
      const resolved = d.history.find((h) => h.action === 'acta.resolveConflict' && h.seq > conflict.seq);
      if (resolved)
        o.conflictSeconds.push(
          Math.round((Date.parse(resolved.at.utc) - Date.parse(conflict.at.utc)) / 100) / 10,
        );
    }
    const scans = new Map<number, PageSummary[]>();
    for (const p of d.pages) scans.set(p.scanNo, [...(scans.get(p.scanNo) ?? []), p]);
    for (const [scanNo, pages] of scans) {
      const list = scansByKey.get(d.acta.keyId) ?? [];
      list.push({ acta: d, scanNo, pages, at: pages[0]!.scannedAt.utc });
      scansByKey.set(d.acta.keyId, list);
    }
  }
  for (const [keyId, scans] of scansByKey) {
    scans.sort((a, b) => a.at.localeCompare(b.at));
    scans.forEach((scan, i) => {
      const sheet = sheetsOf.get(keyId)?.[i] ?? 'good';
      const o = who(scan.acta.acta.verifiedBy ?? scan.acta.acta.receivedBy);
      // The scan became the acta's image: none of its pages was replaced and the acta was accepted.
      const kept = scan.pages.every((p) => p.supersededByScan === null) && scan.acta.acta.verifiedAt !== null;
      if (sheet === 'good') {
        if (!kept && scan.pages.some((p) => p.supersededByScan !== null)) {
          o.goodRejected++;
          mistakes.push({
            operator: o.operator,
            keyLabel: scan.acta.acta.keyLabel,
            kind: 'goodRejected',
            defect: null,
          });
        }
        return;
      }
      if (kept) {
        o.defectiveAccepted++;
        mistakes.push({
          operator: o.operator,
          keyLabel: scan.acta.acta.keyLabel,
          kind: 'defectAccepted',
          defect: sheet.defect,
        });
      } else o.defectiveCaught++;
    });
  }
  // Double entries the workflow refused leave no acta behind: the session noted them.
  for (const n of run.wrongKeys) {
    who(n.operator).wrongKeys++;
    mistakes.push({ operator: n.operator, keyLabel: '', kind: 'wrongKey', defect: null });
  }
  const operators = [...byOperator.values()].map((o) => ({
    ...o,
    medianSeconds: percentile(o.acceptanceSeconds, 50),
    p90Seconds: percentile(o.acceptanceSeconds, 90),
    medianConflictSeconds: percentile(o.conflictSeconds, 50),
  }));
  const events = run.events.map((e) => ({ ...e, reactionSeconds: reactionSeconds(e) }));
  const needing = events.filter((e) => e.needsOperator);
  const reactions = needing.flatMap((e) => (e.reactionSeconds === null ? [] : [e.reactionSeconds]));
  return {
    scenario: s.name,
    kind: s.kind,
    operators,
    mistakes,
    events,
    eventsNeedingOperator: needing.length,
    eventsHandled: reactions.length,
    medianReactionSeconds: percentile(reactions, 50),
    timeUp: run.timeUp,
  };
}

/** The trainer's CSV: one row per operator (comma-separated, UTF-8, header first). */
export function scoreCsv(score: SessionScore): string {
  const head = [
    'escenario',
    'operador',
    'actas_completadas',
    'mediana_s',
    'p90_s',
    'defectuosas_detectadas',
    'defectuosas_aceptadas',
    'buenas_rechazadas',
    'conflictos',
    'conflictos_resueltos',
    'claves_erroneas',
    'eventos_a_atender',
    'eventos_atendidos',
    'reaccion_mediana_s',
    'tiempo_terminado',
    'conflicto_resolucion_mediana_s',
  ];
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = score.operators.map((o) =>
    [
      score.scenario,
      o.operator,
      o.actasCompleted,
      o.medianSeconds ?? '',
      o.p90Seconds ?? '',
      o.defectiveCaught,
      o.defectiveAccepted,
      o.goodRejected,
      o.conflictsSeen,
      o.conflictsResolved,
      o.wrongKeys,
      // The station's events are the session's, not one operator's: the same on every row.
      score.eventsNeedingOperator,
      score.eventsHandled,
      score.medianReactionSeconds ?? '',
      score.timeUp ? 'si' : 'no',
      o.medianConflictSeconds ?? '',
    ]
      .map((v) => q(String(v)))
      .join(','),
  );
  return [head.join(','), ...rows].join('\n') + '\n';
}
