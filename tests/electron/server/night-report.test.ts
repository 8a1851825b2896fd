// The night report's print page and CSV name operators and what each did: a supervisor's, never
// a plain operator's (403), and nothing without a session (401).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';

let st: TestStation;
beforeAll(async () => {
  st = await startTestStation();
});
afterAll(async () => {
  await st.stop();
});

async function get(path: string, cookie?: string) {
  const res = await fetch(new URL(path, st.core.origin), { headers: cookie ? { cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

async function signedIn(role: 'operador' | 'supervisor'): Promise<string> {
  const a = st.core.demoAccounts!.find((d) => d.role === role)!;
  const cookie = await sessionCookie(st.core);
  await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: a.id, pin: a.pin });
  return cookie;
}

it('serves /informe and /informe.csv to a supervisor only', async () => {
  expect((await get('/informe')).status).toBe(401);
  expect((await get('/informe.csv', await signedIn('operador'))).status).toBe(403);
  const sup = await signedIn('supervisor');
  const page = await get('/informe', sup);
  expect(page.status).toBe(200);
  expect(page.text).toContain('<h1>Informe de la noche</h1>');
  expect(page.text).not.toMatch(/style="/); // the CSP allows no inline style: bars are SVG
  const csv = await get('/informe.csv', sup);
  expect(csv.type).toContain('text/csv');
  expect(csv.text).toContain('Operador,Recibidas,Escaneadas,Verificadas,Rechazadas (F7)');
});
