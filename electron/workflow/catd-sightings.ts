// What a late acopio report teaches the station (acopio-reports.ts): the central recorded it, and
// perhaps another station of the CATD had received the key first. This paper is then a second
// copy, like one caught at acopio, but the acta may have moved on meanwhile. Before it is queued
// (recibida … verificada) it goes en_conflicto for the supervisor, as at acopio: nothing has left
// the station and the supervisor's resolution decides. Once queued or sent it is not pulled back
// here (the central's 409 at transmission stands guard, and a sent acta cannot be unsent): the
// audit log gets a notice the supervisor sees in the acta's history.
import { stamp } from '../platform/clock';
import type { AcopioSighting } from '../../shared/catd-view';
import type { ActaState } from '../../shared/workflow';
import { SYSTEM_ACTOR } from './actor';
import { subject, WorkflowPart } from './workflow-part';

/** States a late sighting may still put en_conflicto: the acta has not been queued. */
export const LATE_CONFLICT_STATES: readonly ActaState[] = [
  'recibida',
  'rechazada',
  'digitalizada',
  'verificada',
];

/**
 * clear: no other station had it. conflict: now en_conflicto. notice: too far along (or already
 * resolved elsewhere), audited only. busy: a scan is running on it; the report is kept for later.
 */
export type LateSightingOutcome = 'clear' | 'conflict' | 'notice' | 'busy';

export class CatdSightings extends WorkflowPart {
  reported(actaId: number, earlier: readonly AcopioSighting[]): LateSightingOutcome {
    return this.tx(() => {
      const a = this.actas.get(actaId);
      const first = earlier[0];
      if (a && first && this.actas.runningScan(a.id)) return 'busy';
      const at = stamp(this.clock);
      this.acopioReports.settle(actaId, 'sent', at.utc, null);
      if (!a || !first) return 'clear';
      const actor = SYSTEM_ACTOR;
      if (LATE_CONFLICT_STATES.includes(a.state)) {
        this.expect(a, 'en_conflicto');
        // Where the supervisor's "keep" sends it back: its scan and verification still hold.
        // Its conflict is with another station's copy, not with one here (an earlier one resolved).
        this.write(a, 'en_conflicto', { conflict_from: a.state, conflict_with: null }, at);
        this.audit.append(actor.id, 'acta.conflict', subject(a.id), {
          role: actor.role,
          from: a.state,
          to: 'en_conflicto',
          keyId: a.key_id,
          catd: 'late',
          elsewhere: first,
        });
        return 'conflict';
      }
      this.audit.append(actor.id, 'acta.catdElsewhere', subject(a.id), {
        role: actor.role,
        state: a.state,
        keyId: a.key_id,
        elsewhere: first,
      });
      return 'notice';
    });
  }
}
