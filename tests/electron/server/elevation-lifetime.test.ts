// Attacks on a supervisor's elevation of an operator's screen, over real HTTP against a real core:
// the elevation must not outlive the operator it was given to (inactivity, another sign-in on the
// same browser session), must not share the login's failure counter, and must be audited as
// granted only once the role check passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../../../electron/security/operators';
import { ELEVATION_TTL_MS } from '../../../electron/security/elevation';
import {
  addAccounts,
  offsetClock,
  rpc,
  sessionCookie,
  startTestStation,
  type TestStation,
} from '../../helpers/core';

const { clock, advance } = offsetClock();
let st: TestStation;
const REASON = 'alta de un supervisor de guardia';
const IDLE_MS = 2 * 60_000 + 1000;

const account = (role: 'operador' | 'supervisor') => st.core.demoAccounts!.find((a) => a.role === role)!;
const actions = () => [...st.core.services.audit.entries()];

beforeAll(async () => {
  // An inactivity limit shorter than the elevation's own life (a CATD may set 1 to 120 minutes).
  st = await startTestStation({ clock, config: { security: { inactivityMinutes: 2 } } });
  // A second operator who shares the screen (the next shift).
  addAccounts(st.core, [
    { id: 'turno2', role: 'operador', pin: '135790' },
    { id: 'sup2', role: 'supervisor', pin: '975310' },
  ]);
});
afterAll(async () => {
  await st.stop();
});

async function elevatedOperator(): Promise<string> {
  const cookie = await sessionCookie(st.core);
  const op = account('operador');
  const sup = account('supervisor');
  expect(
    (await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin })).status,
  ).toBe(200);
  const r = await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
  expect(r.status).toBe(200);
  return cookie;
}

/** The attack of the issue: a plain operator creates a supervisor account on a left-over elevation. */
async function createSupervisor(cookie: string, id: string) {
  return rpc(st.core, cookie, 'mutation', 'supervisor.operators.create', {
    id,
    name: 'Cuenta colada',
    role: 'supervisor',
    pin: '86420864',
    pinConfirm: '86420864',
    reason: REASON,
  });
}

describe('elevation lifetime', () => {
  it('ends with the inactivity of the operator: the next operator on the screen gets no supervisor powers', async () => {
    const cookie = await elevatedOperator();
    advance(IDLE_MS); // inside the elevation's own life, past the inactivity limit
    expect((await rpc(st.core, cookie, 'query', 'status.snapshot')).status).toBe(401);
    const next = { operatorId: 'turno2', pin: '135790' };
    expect((await rpc(st.core, cookie, 'mutation', 'session.login', next)).status).toBe(200);
    const r = await createSupervisor(cookie, 'colado1');
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('auth.error.supervisorOnly');
    expect(st.core.services.operators.get('colado1')).toBeUndefined();
    expect(actions().some((e) => e.action === 'elevation.end' && e.details.reason === 'inactive')).toBe(true);
  });

  it('ends when the idle session is signed into directly, before any other call notices the inactivity', async () => {
    const cookie = await elevatedOperator();
    advance(IDLE_MS);
    expect(
      (await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: 'turno2', pin: '135790' }))
        .status,
    ).toBe(200);
    expect((await createSupervisor(cookie, 'colado2')).status).toBe(403);
    expect(st.core.services.operators.get('colado2')).toBeUndefined();
  });

  it('ends at any sign-in on the session, even of the same operator', async () => {
    const cookie = await elevatedOperator();
    const op = account('operador');
    expect(
      (await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin })).status,
    ).toBe(200);
    expect((await createSupervisor(cookie, 'colado3')).status).toBe(403);
    expect(actions().some((e) => e.action === 'elevation.end' && e.details.reason === 'sign-in')).toBe(true);
  });

  it('has its own short life even while the operator keeps working', async () => {
    const cookie = await elevatedOperator();
    for (let t = 0; t <= ELEVATION_TTL_MS; t += 30_000) {
      advance(30_000);
      expect((await rpc(st.core, cookie, 'query', 'status.snapshot')).status).toBe(200);
    }
    expect((await createSupervisor(cookie, 'colado4')).status).toBe(403);
  });
});

describe('elevation failures', () => {
  it('have their own counter: an operator failing elevation cannot lock the supervisor out of signing in', async () => {
    const cookie = await sessionCookie(st.core);
    const op = account('operador');
    await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
    let last;
    for (let i = 0; i < MAX_FAILED_LOGINS; i++)
      last = await rpc(st.core, cookie, 'mutation', 'session.elevate', {
        supervisorId: 'sup2',
        pin: '000000',
      });
    expect(last!.status).toBe(429);
    expect(last!.body.error.message).toMatch(/^login\.error\.locked:/);
    expect(actions().some((e) => e.action === 'elevation.locked' && e.subject === 'sup2')).toBe(true);
    // The supervisor still signs in at a station of their own…
    const own = await sessionCookie(st.core);
    const r = await rpc(st.core, own, 'mutation', 'session.login', { operatorId: 'sup2', pin: '975310' });
    expect(r.status).toBe(200);
    // …and that sign-in does not clear the elevation lockout (a guesser must not be helped by it).
    const again = await rpc(st.core, cookie, 'mutation', 'session.elevate', {
      supervisorId: 'sup2',
      pin: '975310',
    });
    expect(again.status).toBe(429);
  });

  it('a valid PIN of a non-supervisor is refused clearly, audited as refused, never as granted', async () => {
    const cookie = await sessionCookie(st.core);
    const op = account('operador');
    await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
    const before = actions().length;
    const r = await rpc(st.core, cookie, 'mutation', 'session.elevate', {
      supervisorId: 'turno2',
      pin: '135790',
    });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('supervisor.error.notSupervisor');
    const after = actions()
      .slice(before)
      .map((e) => e.action);
    expect(after).toEqual(['elevation.refused']);
    expect(actions().slice(before)[0]!.details).toMatchObject({ reason: 'not_supervisor', operator: op.id });
    expect((await createSupervisor(cookie, 'colado5')).status).toBe(403);
  });
});
