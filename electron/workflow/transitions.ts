// The legal moves of an acta. Everything else is refused with the state the acta is in.
import type { ActaState } from '../../shared/workflow';

export const ACTA_TRANSITIONS: Readonly<Record<ActaState, readonly ActaState[]>> = {
  // The scan decides: all pages suitable, or at least one rejected.
  // en_conflicto before the queue: a late CATD report found the key received first at another
  // station (catd-sightings.ts).
  recibida: ['digitalizada', 'rechazada', 'anulada', 'en_conflicto'],
  // A rescan, or a supervisor accepting the rejected page.
  rechazada: ['digitalizada', 'rechazada', 'anulada', 'en_conflicto'],
  // The operator confirms at verification, or rejects with a reason (back to a rescan).
  digitalizada: ['verificada', 'rechazada', 'anulada', 'en_conflicto'],
  verificada: ['en_cola', 'rechazada', 'anulada', 'en_conflicto'],
  en_cola: ['transmitida', 'anulada'],
  // Sent: only the central's receipt moves it on. Annulling now would need a retraction.
  transmitida: ['acusada'],
  acusada: [],
  // Only a supervisor's resolution moves it: keep the existing (this one annulled), or replace /
  // keep both (this one proceeds from acopio). One a late CATD report raised goes back to the
  // state it left (conflict_from, catd-sightings.ts): only resolveConflict makes that move, so it
  // is not listed here, where the operator's verify or reject would find it allowed.
  en_conflicto: ['recibida', 'anulada'],
  anulada: [],
};

export function canTransition(from: ActaState, to: ActaState): boolean {
  return ACTA_TRANSITIONS[from].includes(to);
}

/** States in which the scanner may (re)capture the acta. */
export const SCANNABLE_STATES: readonly ActaState[] = ['recibida', 'rechazada'];
