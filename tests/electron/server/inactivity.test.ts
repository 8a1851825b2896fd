// The core logs out an idle operator whatever the screen does (a kiosk left unattended).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Clock } from '../../../electron/platform/clock';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';

let offsetMs = 0;
const clock: Clock = {
  now: () => new Date(Date.now() + offsetMs),
  monotonicMs: () => performance.now() + offsetMs,
  utcOffsetMinutes: () => -360,
};
let st: TestStation;
beforeAll(async () => {
  st = await startTestStation({ clock });
});
afterAll(async () => {
  await st.stop();
});

it('logs the operator out after the configured idle time, and audits it', async () => {
  const cookie = await sessionCookie(st.core);
  const op = st.core.demoAccounts!.find((a) => a.role === 'operador')!;
  await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
  offsetMs += 9 * 60_000;
  expect((await rpc(st.core, cookie, 'query', 'status.snapshot')).status).toBe(200); // activity resets the timer
  offsetMs += 9 * 60_000;
  expect((await rpc(st.core, cookie, 'query', 'status.snapshot')).status).toBe(200);
  offsetMs += 10 * 60_000 + 1000;
  const idle = await rpc(st.core, cookie, 'query', 'status.snapshot');
  expect(idle.status).toBe(401);
  expect(idle.body.error.message).toBe('auth.error.inactive');
  const who = await rpc(st.core, cookie, 'query', 'session.whoami');
  expect(who.body.result.data.operator).toBeNull();
  const actions = [...st.core.services.audit.entries()].map((e) => e.action);
  expect(actions).toContain('session.inactive');
});
