// Supervisor elevation at the operator's screen, and leaving the kiosk with it: the operator's
// session alone can never do it; the elevation is short; every action is audited.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/platform/clock';
import { ELEVATION_TTL_MS } from '../../../electron/security/elevation';
import { SUPERVISOR_EXIT_CODE } from '../../../electron/shell/policy';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';

let offsetMs = 0;
const clock: Clock = {
  now: () => new Date(Date.now() + offsetMs),
  monotonicMs: () => performance.now() + offsetMs,
  utcOffsetMinutes: () => -360,
};
let st: TestStation;
let cookie: string;
const acct = (role: string) => st.core.demoAccounts!.find((a) => a.role === role)!;
const exit = (reason = 'mantenimiento del escáner') =>
  rpc(st.core, cookie, 'mutation', 'system.exitKiosk', { reason });
const elevate = (supervisorId: string, pin: string) =>
  rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId, pin });

beforeAll(async () => {
  st = await startTestStation({ clock });
});
beforeEach(async () => {
  cookie = await sessionCookie(st.core);
  const op = acct('operador');
  await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
});
afterAll(async () => {
  await st.stop();
});

describe('supervisor elevation', () => {
  it("refuses the operator's session alone", async () => {
    const r = await exit();
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('auth.error.supervisorOnly');
    expect(st.exits).toEqual([]);
  });

  it('refuses a wrong supervisor PIN, and the operator’s own credentials', async () => {
    const sup = acct('supervisor');
    const wrong = await elevate(sup.id, sup.pin === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toBe('supervisor.error.badCredentials');
    const op = acct('operador');
    const own = await elevate(op.id, op.pin);
    expect(own.body.error.message).toBe('supervisor.error.notSupervisor');
    expect((await exit()).status).toBe(403);
  });

  it('ends when the console closes, and by itself after a few minutes', async () => {
    const sup = acct('supervisor');
    expect((await elevate(sup.id, sup.pin)).status).toBe(200);
    await rpc(st.core, cookie, 'mutation', 'session.dropElevation');
    expect((await rpc(st.core, cookie, 'query', 'audit.verify')).status).toBe(403);

    expect((await elevate(sup.id, sup.pin)).status).toBe(200);
    expect((await rpc(st.core, cookie, 'query', 'audit.verify')).status).toBe(200);
    offsetMs += ELEVATION_TTL_MS + 1000;
    expect((await rpc(st.core, cookie, 'query', 'audit.verify')).status).toBe(403);
  });
});

describe('kiosk exit', () => {
  it('requires a reason', async () => {
    const sup = acct('supervisor');
    await elevate(sup.id, sup.pin);
    const r = await exit('x');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('supervisor.error.reasonShort');
    expect(st.exits).toEqual([]);
  });

  it('exits with the code the watchdog respects, audited with who, why and at whose screen', async () => {
    const sup = acct('supervisor');
    await elevate(sup.id, sup.pin);
    expect((await exit()).status).toBe(200);
    expect(st.exits).toEqual([SUPERVISOR_EXIT_CODE]);
    const entry = [...st.core.services.audit.entries()].find((e) => e.action === 'kiosk.exit');
    expect(entry).toMatchObject({
      actor: sup.id,
      details: { reason: 'mantenimiento del escáner', operator: acct('operador').id },
    });
    // The session is still the operator's.
    const who = await rpc(st.core, cookie, 'query', 'session.whoami');
    expect(who.body.result.data.operator.role).toBe('operador');
  });
});

describe('controlled shutdown', () => {
  it('checkpoints, audits and leaves with the supervisor exit code; refused to the operator alone', async () => {
    const denied = await rpc(st.core, cookie, 'mutation', 'power.shutdown', {
      reason: 'la planta no arranca',
    });
    expect(denied.status).toBe(403);
    const sup = acct('supervisor');
    await elevate(sup.id, sup.pin);
    const before = st.exits.length;
    const ok = await rpc(st.core, cookie, 'mutation', 'power.shutdown', { reason: 'la planta no arranca' });
    expect(ok.status).toBe(200);
    expect(st.exits.slice(before)).toEqual([SUPERVISOR_EXIT_CODE]);
    const actions = [...st.core.services.audit.entries()].map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['power.checkpoint', 'power.shutdown']);
  });
});
