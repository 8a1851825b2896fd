// Leaving the kiosk takes a supervisor's id + PIN and a reason, for that one action, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERVISOR_EXIT_CODE } from '../../../electron/shell/policy';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';

let st: TestStation;
let cookie: string;
const acct = (role: string) => st.core.demoAccounts!.find((a) => a.role === role)!;

beforeAll(async () => {
  st = await startTestStation();
  cookie = await sessionCookie(st.core);
  const op = acct('operador');
  await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
});
afterAll(async () => {
  await st.stop();
});

describe('supervisor-approved kiosk exit', () => {
  it('refuses a wrong supervisor PIN and stays', async () => {
    const sup = acct('supervisor');
    const r = await rpc(st.core, cookie, 'mutation', 'system.exitKiosk', {
      supervisorId: sup.id,
      pin: sup.pin === '000000' ? '111111' : '000000',
      reason: 'cambio de turno',
    });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('supervisor.error.badCredentials');
    expect(st.exits).toEqual([]);
  });

  it("refuses an operator's own credentials", async () => {
    const op = acct('operador');
    const r = await rpc(st.core, cookie, 'mutation', 'system.exitKiosk', {
      supervisorId: op.id,
      pin: op.pin,
      reason: 'quiero salir',
    });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('auth.error.supervisorOnly');
    expect(st.exits).toEqual([]);
  });

  it('requires a reason', async () => {
    const sup = acct('supervisor');
    const r = await rpc(st.core, cookie, 'mutation', 'system.exitKiosk', {
      supervisorId: sup.id,
      pin: sup.pin,
      reason: 'x',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('supervisor.error.reasonShort');
    expect(st.exits).toEqual([]);
  });

  it('exits with the code the watchdog respects, audited with who, why and at whose screen', async () => {
    const sup = acct('supervisor');
    const r = await rpc(st.core, cookie, 'mutation', 'system.exitKiosk', {
      supervisorId: sup.id,
      pin: sup.pin,
      reason: 'mantenimiento del escáner',
    });
    expect(r.status).toBe(200);
    expect(st.exits).toEqual([SUPERVISOR_EXIT_CODE]);
    const entry = [...st.core.services.audit.entries()].find((e) => e.action === 'kiosk.exit');
    expect(entry).toMatchObject({
      actor: sup.id,
      details: { reason: 'mantenimiento del escáner', operator: acct('operador').id },
    });
    // The elevation was for that one action: the session is still the operator's.
    const who = await rpc(st.core, cookie, 'query', 'session.whoami');
    expect(who.body.result.data.operator.role).toBe('operador');
  });
});
