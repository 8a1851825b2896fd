// The console's Operators panel: who may log in. Creating, resetting a PIN and disabling are
// audited by the operator store in the same transaction as the change.
import { z } from 'zod';
import { router, supervisorProcedure } from '../../trpc';
import { OperatorIdSchema, PinSchema, ReasonSchema, RoleSchema } from '../../../../shared/domain';
import { refuse } from './console';
import type { ManageErrorCode } from '../../../security/operators';

/** A refused change: a PIN too short names the role's minimum ("console.error.pinTooShort:6"). */
function refuseChange(
  status: 'NOT_FOUND' | 'CONFLICT',
  r: { code: ManageErrorCode; minDigits?: number },
): never {
  if (r.code === 'console.error.pinTooShort') refuse('BAD_REQUEST', `${r.code}:${r.minDigits}`);
  refuse(status, r.code);
}

const NameSchema = z.string().trim().min(1, 'console.error.nameRequired').max(80, 'console.error.nameLong');

export const operatorsPanelRouter = router({
  list: supervisorProcedure.query(({ ctx }) => ctx.services.operators.list()),

  create: supervisorProcedure
    .input(
      z
        .object({
          id: OperatorIdSchema,
          name: NameSchema,
          role: RoleSchema,
          pin: PinSchema,
          pinConfirm: z.string(),
          reason: ReasonSchema,
        })
        .strict()
        .refine((x) => x.pin === x.pinConfirm, { message: 'console.error.pinMismatch' }),
    )
    .mutation(({ ctx, input }) => {
      const r = ctx.services.operators.createChecked(
        { id: input.id, name: input.name, role: input.role, pin: input.pin },
        ctx.supervisor.id,
        { reason: input.reason, operator: ctx.operator.id },
      );
      if (!r.ok) refuseChange('CONFLICT', r);
      return r.value;
    }),

  resetPin: supervisorProcedure
    .input(
      z
        .object({ id: OperatorIdSchema, pin: PinSchema, pinConfirm: z.string(), reason: ReasonSchema })
        .strict()
        .refine((x) => x.pin === x.pinConfirm, { message: 'console.error.pinMismatch' }),
    )
    .mutation(({ ctx, input }) => {
      const r = ctx.services.operators.resetPin(input.id, input.pin, ctx.supervisor.id, {
        reason: input.reason,
        operator: ctx.operator.id,
      });
      if (!r.ok) refuseChange('NOT_FOUND', r);
      return r.value;
    }),

  disable: supervisorProcedure
    .input(z.object({ id: OperatorIdSchema, reason: ReasonSchema }).strict())
    .mutation(({ ctx, input }) => {
      const r = ctx.services.operators.disable(input.id, ctx.supervisor.id, {
        reason: input.reason,
        operator: ctx.operator.id,
      });
      if (!r.ok) refuse(r.code === 'console.error.lastSupervisor' ? 'CONFLICT' : 'NOT_FOUND', r.code);
      return r.value;
    }),
});
