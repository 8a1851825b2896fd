// Who asks for a change. The RPC layer checks roles from the session; the workflow checks again
// (defence in depth), so a supervisor override can never be reached with an operator's identity.
import type { Role } from '../../shared/domain';
import { WorkflowError } from './errors';

/** "system" is the core itself (the transmitter, start-up recovery), never a person's session. */
export interface WorkflowActor {
  id: string;
  role: Role | 'system';
}

export const SYSTEM_ACTOR: WorkflowActor = { id: 'system', role: 'system' };

export function requireSupervisor(actor: WorkflowActor): void {
  if (actor.role !== 'supervisor') throw new WorkflowError('notSupervisor', { detail: actor.id });
}

/** Overrides need a reason a later reader of the audit log can understand. */
export function requireReason(reason: string | undefined): string {
  const r = (reason ?? '').trim();
  if (r.length < 3) throw new WorkflowError('reasonRequired');
  return r;
}
