// The supervisor beside the operator in the reliability runs. The core prints one launch link per
// start, so the supervisor works as at a real CATD workstation: id + PIN typed at the operator's
// screen (session.elevate), one decision, the console closed (session.dropElevation). Every
// decision the core confirmed is remembered per acta record, so the invariants can check that a
// kill never undoes one and that the central's standing records follow them.
import type { ActaState } from '../../shared/workflow';
import type { StationClient } from './station-client';
import type { Credentials } from './station-process';

export const DECISION_KINDS = ['replace', 'keep_both', 'keep_existing', 'hold', 'release', 'annul'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export type Resolution = Extract<DecisionKind, 'replace' | 'keep_both' | 'keep_existing'>;

/** Every annul and resolution of the harness gives a reason starting so (checked at the station). */
export const DECISION_REASON = 'campaña de confiabilidad';

export interface ActaRef {
  id: number;
  version: number;
}

/** What the core answered for a decision it took. */
export interface DecisionOutcome {
  state: ActaState;
  /** For a resolution: the record it was in conflict with, as it is after the decision. */
  existing?: { id: number; state: ActaState };
}

export class SupervisorDesk {
  readonly taken = Object.fromEntries(DECISION_KINDS.map((k) => [k, 0])) as Record<DecisionKind, number>;
  /** Decisions the core refused (the acta moved on meanwhile: sent before the hold landed, say). */
  refused = 0;
  /** actaId → the decisions the core confirmed for that record, in order. */
  readonly confirmed = new Map<number, DecisionKind[]>();

  /** The demo supervisor's account, known once the first start printed it. */
  who: Credentials | null = null;

  /** One decision at the operator's screen; null when the core refused it. */
  async decide(client: StationClient, kind: DecisionKind, acta: ActaRef): Promise<DecisionOutcome | null> {
    await this.elevate(client);
    const base = { actaId: acta.id, version: acta.version, reason: `${DECISION_REASON}: ${kind}` };
    const a =
      kind === 'replace' || kind === 'keep_both' || kind === 'keep_existing'
        ? await client.mutation('supervisor.actas.resolveConflict', { ...base, resolution: kind })
        : await client.mutation(`supervisor.actas.${kind}`, base);
    await client.mutation('session.dropElevation');
    if (!a.ok) {
      if (a.status >= 500 || a.code === 'FORBIDDEN')
        throw new Error(`${kind} failed: ${a.status} ${a.message}`);
      this.refused++;
      return null;
    }
    this.taken[kind]++;
    this.confirmed.set(acta.id, [...(this.confirmed.get(acta.id) ?? []), kind]);
    const d = a.data as {
      state?: ActaState;
      acta?: { state: ActaState };
      existing?: DecisionOutcome['existing'];
    };
    return {
      state: (d.acta?.state ?? d.state)!,
      ...(d.existing ? { existing: { id: d.existing.id, state: d.existing.state } } : {}),
    };
  }

  /** The supervisor's view of what the watchdog could not repair (acta-watchdog.ts). */
  async alarms(client: StationClient): Promise<Array<{ kind: string; actaId: number | null }>> {
    await this.elevate(client);
    const view = await client.must('query', 'supervisor.actas.attention');
    await client.mutation('session.dropElevation');
    return view.alarms;
  }

  private async elevate(client: StationClient): Promise<void> {
    if (!this.who) throw new Error('no supervisor account known yet');
    await client.must('mutation', 'session.elevate', {
      supervisorId: this.who.operatorId,
      pin: this.who.pin,
    });
  }
}
