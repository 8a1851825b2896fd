// Supervisor elevation for ONE action: the supervisor types id + PIN (and a reason) at the
// operator's screen; the core checks them for this call only. Nothing stays elevated afterwards.
import { TRPCError } from '@trpc/server';
import type { OperatorStore, Operator } from './operators';

export function elevateForOneAction(operators: OperatorStore, supervisorId: string, pin: string): Operator {
  const r = operators.login(supervisorId, pin, 'elevation');
  if (!r.ok) {
    throw new TRPCError({
      code: r.code === 'locked' ? 'TOO_MANY_REQUESTS' : 'FORBIDDEN',
      message: r.code === 'locked' ? `login.error.locked:${r.until}` : 'supervisor.error.badCredentials',
    });
  }
  if (r.operator.role !== 'supervisor') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'auth.error.supervisorOnly' });
  }
  return r.operator;
}
