// A supervisor approves an update the shell found; the core refuses while work is in progress.
import { afterEach, describe, expect, it } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';

let st: TestStation | undefined;
afterEach(async () => {
  await st?.stop();
  st = undefined;
});

async function operatorCookie(s: TestStation) {
  const cookie = await sessionCookie(s.core);
  const op = s.core.demoAccounts!.find((a) => a.role === 'operador')!;
  await rpc(s.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
  return cookie;
}

describe('supervised updates', () => {
  it('installs only after a supervisor approves, and never while scanning', async () => {
    st = await startTestStation({ shellUpdates: true });
    const cookie = await operatorCookie(st);
    const sup = st.core.demoAccounts!.find((a) => a.role === 'supervisor')!;
    st.core.services.updates.report('available', '1.2.0');
    const status = await rpc(st.core, cookie, 'query', 'updates.status');
    expect(status.body.result.data).toMatchObject({ phase: 'available', version: '1.2.0', supported: true });
    expect(st.installs).toEqual([]); // found, not downloaded

    await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
    const approve = { reason: 'versión aprobada por la UTSI', version: '1.2.0' };
    const endScan = st.core.services.activity.begin('scanning');
    const busy = await rpc(st.core, cookie, 'mutation', 'updates.approve', approve);
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toBe('update.error.busy');
    expect(st.installs).toEqual([]);

    endScan();
    const ok = await rpc(st.core, cookie, 'mutation', 'updates.approve', approve);
    expect(ok.status).toBe(200);
    expect(st.installs).toEqual(['1.2.0']);
    const actions = [...st.core.services.audit.entries()]
      .filter((e) => e.subject === '1.2.0')
      .map((e) => e.action);
    expect(actions).toEqual(['update.refused', 'update.approve']);
  });

  it('needs the supervisor, not the operator', async () => {
    st = await startTestStation({ shellUpdates: true });
    const cookie = await operatorCookie(st);
    const op = st.core.demoAccounts!.find((a) => a.role === 'operador')!;
    st.core.services.updates.report('available', '1.2.0');
    await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: op.id, pin: op.pin });
    const r = await rpc(st.core, cookie, 'mutation', 'updates.approve', {
      reason: 'quiero la nueva',
      version: '1.2.0',
    });
    expect(r.status).toBe(403);
    expect(st.installs).toEqual([]);
  });

  it('says there is nothing to update in web mode', async () => {
    st = await startTestStation();
    const cookie = await operatorCookie(st);
    const sup = st.core.demoAccounts!.find((a) => a.role === 'supervisor')!;
    await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
    const r = await rpc(st.core, cookie, 'mutation', 'updates.approve', {
      reason: 'prueba de modo web',
      version: '9.9.9',
    });
    expect(r.body.error.message).toBe('update.error.noShell');
  });
});
