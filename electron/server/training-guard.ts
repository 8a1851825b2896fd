// What a running training session asks of the operator's procedures: once its time limit has
// passed no acta is received and no scan starts (the pipeline refuses scans itself, with the same
// message key), and a typed key the workflow refuses as not matching is noted for the score.
import { TRPCError } from '@trpc/server';
import { isWorkflowError } from '../workflow';
import type { WrongKeyNote } from '../../shared/training/session';
import type { CoreServices } from './services';

/** Refuses acopio after the session's time limit ("Tiempo terminado"). */
export function refuseWhenTimeUp(services: CoreServices): void {
  if (services.training.session?.ended())
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'training.timeUp' });
}

/** Runs a command that takes a typed key; a key the workflow finds mismatched counts as typed wrong. */
export function notingWrongKeys<T>(
  services: CoreServices,
  operator: string,
  where: WrongKeyNote['where'],
  command: () => T,
): T {
  try {
    return command();
  } catch (e) {
    if (isWorkflowError(e) && (e.code === 'keyMismatch' || e.code === 'identificationMismatch'))
      services.training.session?.noteWrongKey(operator, where);
    throw e;
  }
}
