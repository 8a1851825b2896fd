// The RPC router: every query, command and event stream the renderer may use. Inputs go through
// zod schemas; a bad input is refused with a specific message key before any work is done.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  router,
  sessionProcedure,
  operatorProcedure,
  pinChangeProcedure,
  supervisorProcedure,
  type Context,
} from './trpc';
import { elevate, endElevation, ELEVATION_TTL_MS } from '../security/elevation';
import { transmissionRouter } from './routers/transmission';
import { SUPERVISOR_EXIT_CODE } from '../platform/shell-contract';
import { actasRouter } from './routers/actas';
import { actasPanelRouter, deadLetterRouter } from './routers/supervisor/actas';
import { cataloguePanelRouter } from './routers/supervisor/catalogue';
import { operatorsPanelRouter } from './routers/supervisor/operators';
import { auditPanelRouter } from './routers/supervisor/audit';
import { placesPanelRouter } from './routers/supervisor/places';
import { trainingPanelRouter } from './routers/supervisor/training';
import {
  LanguageSchema,
  ReasonSchema,
  OperatorIdSchema,
  PinSchema,
  StatusSnapshotSchema,
  WhoAmISchema,
  type WhoAmI,
} from '../../shared/domain';

function whoami(ctx: Context): WhoAmI {
  const { station, mode, security } = ctx.services.config;
  return {
    inactivityMs: security.inactivityMinutes * 60_000,
    operator: ctx.session.operator,
    pinChange: ctx.session.operator ? ctx.session.pinChange : null,
    language: ctx.session.language,
    station: {
      id: station.id,
      name: station.name,
      mode,
      training: ctx.services.training.purpose === 'training',
    },
  };
}

const sessionRouter = router({
  whoami: sessionProcedure.output(WhoAmISchema).query(({ ctx }) => whoami(ctx)),

  login: sessionProcedure
    .input(z.object({ operatorId: OperatorIdSchema, pin: PinSchema }))
    .output(WhoAmISchema)
    .mutation(({ ctx, input }) => {
      const result = ctx.services.operators.login(input.operatorId, input.pin);
      // Any sign-in ends an elevation on this session, whoever signs in: it was given to the
      // operator before, not to the screen.
      endElevation(ctx.session, ctx.services.audit, 'sign-in');
      if (!result.ok) {
        ctx.services.log.warn('login-refused', { operator: input.operatorId, code: result.code });
        throw new TRPCError({
          code: result.code === 'locked' ? 'TOO_MANY_REQUESTS' : 'UNAUTHORIZED',
          message:
            result.code === 'locked' ? `login.error.locked:${result.until}` : 'login.error.badCredentials',
        });
      }
      ctx.session.operator = result.operator;
      ctx.session.pinChange = result.pinChangeRequired
        ? { minDigits: ctx.services.operators.minDigits(result.operator.role) }
        : null;
      ctx.session.operatorActiveAt = ctx.services.clock.monotonicMs();
      ctx.services.log.info('login-complete', { operator: result.operator.id, role: result.operator.role });
      return whoami(ctx);
    }),

  logout: pinChangeProcedure
    .input(z.object({ reason: z.enum(['user', 'inactive']).default('user') }).optional())
    .output(WhoAmISchema)
    .mutation(({ ctx, input }) => {
      endElevation(ctx.session, ctx.services.audit, 'sign-out');
      ctx.services.db.transaction(() =>
        ctx.services.audit.append(ctx.operator.id, 'logout', ctx.operator.id, {
          reason: input?.reason ?? 'user',
        }),
      )();
      ctx.session.operator = null;
      ctx.session.pinChange = null;
      return whoami(ctx);
    }),

  /**
   * The signed-in operator changes their own PIN: the only call (with signing out) a session
   * whose PIN is shorter than the role asks may make.
   */
  changePin: pinChangeProcedure
    .input(
      z
        .object({ currentPin: PinSchema, pin: PinSchema, pinConfirm: z.string() })
        .strict()
        .refine((x) => x.pin === x.pinConfirm, {
          message: 'console.error.pinMismatch',
          path: ['pinConfirm'],
        }),
    )
    .output(WhoAmISchema)
    .mutation(({ ctx, input }) => {
      const r = ctx.services.operators.changeOwnPin(ctx.operator.id, input.currentPin, input.pin);
      if (!r.ok) {
        ctx.services.log.warn('pin-change-refused', { operator: ctx.operator.id, code: r.code });
        switch (r.code) {
          case 'too_short':
            throw new TRPCError({ code: 'BAD_REQUEST', message: `login.error.pinTooShort:${r.minDigits}` });
          case 'locked':
            throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `login.error.locked:${r.until}` });
          case 'bad_credentials':
            throw new TRPCError({ code: 'FORBIDDEN', message: 'login.error.badCurrentPin' });
        }
      }
      ctx.session.pinChange = null;
      ctx.services.log.info('pin-change-complete', { operator: ctx.operator.id });
      return whoami(ctx);
    }),

  /** Supervisor id + PIN at the operator's screen: supervisor powers for a short time. */
  elevate: operatorProcedure
    .input(z.object({ supervisorId: OperatorIdSchema, pin: PinSchema }))
    .output(z.object({ supervisor: z.object({ id: z.string(), name: z.string() }), ttlMs: z.number() }))
    .mutation(({ ctx, input }) => {
      const now = ctx.services.clock.monotonicMs();
      // A new elevation replaces the one before (audited as ended), whatever this one's outcome.
      endElevation(ctx.session, ctx.services.audit, 'closed');
      const sup = elevate(ctx.services.operators, ctx.session, input.supervisorId, input.pin, now);
      ctx.services.log.info('elevation-complete', { supervisor: sup.id, operator: ctx.operator.id });
      return { supervisor: { id: sup.id, name: sup.name }, ttlMs: ELEVATION_TTL_MS };
    }),

  /** The console closed: the elevation ends now. */
  dropElevation: operatorProcedure.mutation(({ ctx }) => {
    endElevation(ctx.session, ctx.services.audit, 'closed');
    return { dropped: true };
  }),

  setLanguage: sessionProcedure
    .input(z.object({ language: LanguageSchema }))
    .output(WhoAmISchema)
    .mutation(({ ctx, input }) => {
      ctx.session.language = input.language;
      return whoami(ctx);
    }),
});

const statusRouter = router({
  snapshot: operatorProcedure.output(StatusSnapshotSchema).query(({ ctx }) => ctx.services.status.current()),
  /** The core's memory, open files and event-loop delay (the soak samples these). */
  vitals: operatorProcedure.query(({ ctx }) => ctx.services.vitals.current()),
  /**
   * Scans of the code reader the core reads (serial or HID): each label as read, parsed or with
   * its error key; acopio receives the acta with it. Nothing when the station has no such reader.
   */
  readerScans: operatorProcedure.subscription(async function* ({ ctx, signal }) {
    const reader = ctx.services.codeReader;
    if (!reader) return;
    const queue: Array<{ text: string; error: string | null }> = [];
    let wake: (() => void) | null = null;
    const off = reader.onScan((s) => {
      queue.push({ text: s.text, error: s.key.ok ? null : s.key.error });
      wake?.();
    });
    try {
      while (!signal?.aborted) {
        if (!queue.length) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            signal?.addEventListener('abort', () => resolve(), { once: true });
          });
          wake = null;
          continue;
        }
        yield queue.shift()!;
      }
    } finally {
      off();
    }
  }),
  /** Live stream of status snapshots (server-sent events). */
  stream: operatorProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.services.status.stream(signal);
  }),
});

const auditRouter = router({
  verify: supervisorProcedure
    .output(
      z.union([
        z.object({ ok: z.literal(true), entries: z.number() }),
        z.object({ ok: z.literal(false), entries: z.number(), brokenAt: z.number(), reason: z.string() }),
      ]),
    )
    .query(({ ctx }) => ctx.services.audit.verify()),
});

const systemRouter = router({
  /** Leave the kiosk: a supervisor (logged in or elevated) and a reason, audited. */
  exitKiosk: supervisorProcedure
    .input(z.object({ reason: ReasonSchema }))
    .output(z.object({ exiting: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      const { supervisor } = ctx;
      ctx.services.db.transaction(() =>
        ctx.services.audit.append(supervisor.id, 'kiosk.exit', ctx.services.config.station.id, {
          reason: input.reason,
          operator: ctx.operator.id,
        }),
      )();
      ctx.services.log.info('kiosk-exit', { supervisor: supervisor.id, operator: ctx.operator.id });
      ctx.services.shell.requestExit(SUPERVISOR_EXIT_CODE);
      return { exiting: true as const };
    }),
});

const powerRouter = router({
  /**
   * Controlled shutdown (e.g. the plant will not start and the battery is running out): the
   * database is checkpointed, the shutdown audited, and the app leaves with the code the kiosk
   * watchdog does not restart.
   */
  shutdown: supervisorProcedure
    .input(z.object({ reason: ReasonSchema }))
    .output(z.object({ shuttingDown: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      ctx.services.power.checkpoint(ctx.supervisor.id, 'controlled-shutdown');
      ctx.services.db.transaction(() =>
        ctx.services.audit.append(ctx.supervisor.id, 'power.shutdown', ctx.services.config.station.id, {
          reason: input.reason,
          operator: ctx.operator.id,
          power: ctx.services.power.current(),
        }),
      )();
      ctx.services.shell.requestExit(SUPERVISOR_EXIT_CODE);
      return { shuttingDown: true as const };
    }),
});

const updatesRouter = router({
  status: operatorProcedure.query(({ ctx }) => ctx.services.updates.current()),
  /** A supervisor approves installing the update the shell found, with a reason. */
  approve: supervisorProcedure
    .input(z.object({ reason: ReasonSchema, version: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => {
      const { supervisor } = ctx;
      const r = ctx.services.updates.approve(input.version, supervisor.id);
      ctx.services.db.transaction(() =>
        ctx.services.audit.append(supervisor.id, r.ok ? 'update.approve' : 'update.refused', input.version, {
          reason: input.reason,
          operator: ctx.operator.id,
          ...(r.ok ? {} : { refusal: r.error.reason, ...('busy' in r.error ? { busy: r.error.busy } : {}) }),
        }),
      )();
      if (!r.ok) {
        throw new TRPCError({
          code: r.error.reason === 'update.error.busy' ? 'CONFLICT' : 'PRECONDITION_FAILED',
          message: r.error.reason,
        });
      }
      return ctx.services.updates.current();
    }),
});

/** The supervisor console, one router per panel (renderer/supervisor/*Panel.tsx). */
const supervisorRouter = router({
  actas: actasPanelRouter,
  transmission: deadLetterRouter,
  catalogue: cataloguePanelRouter,
  operators: operatorsPanelRouter,
  audit: auditPanelRouter,
  places: placesPanelRouter,
  training: trainingPanelRouter,
});

export const appRouter = router({
  transmission: transmissionRouter,
  updates: updatesRouter,
  power: powerRouter,
  system: systemRouter,
  session: sessionRouter,
  status: statusRouter,
  audit: auditRouter,
  actas: actasRouter,
  supervisor: supervisorRouter,
});

export type AppRouter = typeof appRouter;
