// PIN length, enforced by the core over real HTTP: a supervisor needs at least 6 digits (the
// station config may ask more, of operators too); an account with a shorter PIN signs in into a
// state where changing the PIN is the only call the core accepts; creating or resetting an
// account with too short a PIN is refused with a specific message; every decision is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccounts, rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';

let st: TestStation;
const REASON = 'alta de la guardia nocturna';
const audit = () => [...st.core.services.audit.entries()];

beforeAll(async () => {
  // Operators must use 5 digits here (the config may ask more than the default 4).
  st = await startTestStation({ config: { security: { pinMinDigits: { operador: 5 } } } });
  // Accounts from before the rule: created straight in the store, as an older version did.
  addAccounts(st.core, [
    { id: 'viejo', role: 'supervisor', pin: '4321' },
    { id: 'corto', role: 'operador', pin: '1357' },
  ]);
});
afterAll(async () => {
  await st.stop();
});

/** The signed-in operator's own PIN change: the current PIN, the new one twice alike. */
const changePin = (cookie: string, currentPin: string, pin: string) =>
  rpc(st.core, cookie, 'mutation', 'session.changePin', { currentPin, pin, pinConfirm: pin });

async function signIn(operatorId: string, pin: string) {
  const cookie = await sessionCookie(st.core);
  const r = await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId, pin });
  return { cookie, r };
}

describe('a PIN shorter than the rule, at sign-in', () => {
  it('signs in into a state where only the PIN change is accepted, by the core', async () => {
    const { cookie, r } = await signIn('viejo', '4321');
    expect(r.status).toBe(200);
    expect(r.body.result.data.pinChange).toEqual({ minDigits: 6 });
    const snap = await rpc(st.core, cookie, 'query', 'status.snapshot');
    expect(snap.status).toBe(403);
    expect(snap.body.error.message).toBe('auth.error.pinChangeRequired');
    const list = await rpc(st.core, cookie, 'query', 'supervisor.operators.list');
    expect(list.status).toBe(403);
    expect(audit().find((e) => e.action === 'login.ok' && e.subject === 'viejo')?.details).toMatchObject({
      pinChangeRequired: true,
    });
  });

  it('refuses a new PIN that is too short, or the wrong current PIN, with specific messages', async () => {
    const { cookie } = await signIn('viejo', '4321');
    const short = await changePin(cookie, '4321', '98765');
    expect(short.status).toBe(400);
    expect(short.body.error.message).toBe('login.error.pinTooShort:6');
    const wrong = await changePin(cookie, '1111', '987654');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toBe('login.error.badCurrentPin');
    expect(
      audit()
        .filter((e) => e.action === 'pin.change.refused')
        .map((e) => e.details.reason),
    ).toEqual(['too_short']);
    // A wrong current PIN counts as a failed sign-in of the account (the same lockout).
    expect(audit().at(-1)).toMatchObject({
      action: 'pin.change.failed',
      subject: 'viejo',
      details: { reason: 'bad_pin' },
    });
  });

  it('after the change the account works, and the old PIN no longer does', async () => {
    const { cookie } = await signIn('viejo', '4321');
    const r = await changePin(cookie, '4321', '864209');
    expect(r.status).toBe(200);
    expect(r.body.result.data.pinChange).toBeNull();
    expect((await rpc(st.core, cookie, 'query', 'supervisor.operators.list')).status).toBe(200);
    expect(audit().some((e) => e.action === 'pin.change' && e.subject === 'viejo')).toBe(true);
    expect((await signIn('viejo', '4321')).r.status).toBe(401);
    const again = await signIn('viejo', '864209');
    expect(again.r.body.result.data.pinChange).toBeNull();
  });

  it('applies the configured operator minimum too', async () => {
    const { cookie, r } = await signIn('corto', '1357');
    expect(r.body.result.data.pinChange).toEqual({ minDigits: 5 });
    expect((await rpc(st.core, cookie, 'query', 'status.snapshot')).status).toBe(403);
  });

  it('refuses elevation with a supervisor PIN that must change first', async () => {
    addAccounts(st.core, [{ id: 'viejo2', role: 'supervisor', pin: '2468' }]);
    const op = st.core.demoAccounts!.find((a) => a.role === 'operador')!;
    // The demo operator's 6 digits meet the rule of 5.
    const { cookie, r } = await signIn(op.id, op.pin);
    expect(r.body.result.data.pinChange).toBeNull();
    const e = await rpc(st.core, cookie, 'mutation', 'session.elevate', {
      supervisorId: 'viejo2',
      pin: '2468',
    });
    expect(e.status).toBe(403);
    expect(e.body.error.message).toBe('supervisor.error.pinChangeRequired');
    expect(audit().at(-1)).toMatchObject({
      action: 'elevation.refused',
      details: { reason: 'pin_change_required' },
    });
  });
});

describe('creating and resetting accounts', () => {
  /** A console change by the signed-in demo supervisor, the PIN typed twice alike. */
  async function manage(
    proc: 'create' | 'resetPin',
    input: { id: string; pin: string } & Record<string, unknown>,
  ) {
    const sup = st.core.demoAccounts!.find((a) => a.role === 'supervisor')!;
    const { cookie } = await signIn(sup.id, sup.pin);
    const body = { ...input, pinConfirm: input.pin, reason: REASON };
    return rpc(st.core, cookie, 'mutation', `supervisor.operators.${proc}`, body);
  }

  it('refuses a supervisor with fewer than 6 digits, naming the minimum, and audits the refusal', async () => {
    const r = await manage('create', { id: 'nuevo', name: 'Nuevo', role: 'supervisor', pin: '12345' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('console.error.pinTooShort:6');
    expect(st.core.services.operators.get('nuevo')).toBeUndefined();
    expect(audit().at(-1)).toMatchObject({
      action: 'operator.refused',
      subject: 'nuevo',
      details: { reason: 'pin_too_short' },
    });
  });

  it('refuses resetting a PIN to one shorter than the role asks', async () => {
    const r = await manage('resetPin', { id: 'corto', pin: '2468' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('console.error.pinTooShort:5');
    const ok = await manage('resetPin', { id: 'corto', pin: '24680' });
    expect(ok.status).toBe(200);
  });
});
