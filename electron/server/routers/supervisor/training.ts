// The console's training panel: which data the station runs on, and the supervisor's switch into
// or out of training (audited with its reason in the database being left; the core then restarts
// on the other data folder, and every window signs in again).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ReasonSchema } from '../../../../shared/domain';
import { operatorProcedure, router, supervisorProcedure } from '../../trpc';
import { currentScore, saveScore } from '../../training-report';
import { feedbackKey } from '../../../../shared/training/session';

export const trainingPanelRouter = router({
  status: operatorProcedure.query(({ ctx }) => ({
    purpose: ctx.services.training.purpose,
    trainingOnly: ctx.services.training.trainingOnly,
  })),
  /**
   * In a lesson only (never a rehearsal): what the trainee got wrong on this acta, as message keys
   * the screen shows at once ("esta hoja tenía la esquina doblada: debió rechazarse").
   */
  lessonFeedback: operatorProcedure
    .input(z.object({ actaId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => {
      const score = ctx.services.training.scenario?.kind === 'lesson' ? currentScore(ctx.services) : null;
      const acta = ctx.services.workflow.find(input.actaId);
      if (!score || !acta) return [];
      return score.mistakes.filter((m) => m.keyLabel === acta.keyLabel).map((m) => feedbackKey(m));
    }),
  /**
   * For every operator screen of a training station running a scenario: the session's clock, whether
   * time is up ("Tiempo terminado"), and in a lesson the feedback on each mistake as the score
   * counts it (a rehearsal gets none, as on the night). Null: no scenario runs.
   */
  session: operatorProcedure.query(({ ctx }) => {
    const session = ctx.services.training.session;
    if (!session) return null;
    const score = session.scenario.kind === 'lesson' ? currentScore(ctx.services) : null;
    return { ...session.status(), feedback: score ? session.lessonFeedback(score) : [] };
  }),
  /** Keeps this session's score beside the earlier ones (the report lists them to compare). */
  saveScore: supervisorProcedure.mutation(({ ctx }) => {
    const saved = saveScore(ctx.services);
    if (!saved) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'training.panel.noReport' });
    ctx.services.db.transaction(() =>
      ctx.services.audit.append(ctx.supervisor.id, 'training.saveScore', 'estacion', {
        scenario: saved.scenario,
      }),
    )();
    return saved;
  }),
  switch: supervisorProcedure
    .input(z.object({ to: z.enum(['production', 'training']), reason: ReasonSchema }))
    .output(z.object({ restarting: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      const t = ctx.services.training;
      if (input.to === t.purpose)
        throw new TRPCError({ code: 'CONFLICT', message: 'training.error.already' });
      if (t.trainingOnly) throw new TRPCError({ code: 'FORBIDDEN', message: 'training.error.trainingOnly' });
      // A scan or upload in progress finishes its step first: the restart would cut it short.
      if (ctx.services.activity.busy().length > 0)
        throw new TRPCError({ code: 'CONFLICT', message: 'training.error.busy' });
      ctx.services.log.info('training-switch', { to: input.to, supervisor: ctx.supervisor.id });
      t.switchTo(input.to, ctx.supervisor.id, input.reason);
      return { restarting: true as const };
    }),
});
