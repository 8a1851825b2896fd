// Every procedure of the router × every role, generated from the router itself: a procedure
// added later without an access level, or reachable by the wrong role, fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../../electron/server/trpc';
import { startTestStation, type TestStation } from '../../helpers/core';
import { cookieAs, listProcedures, type ProcedureInfo } from '../../helpers/procedures';

type Caller = 'anonymous' | 'session' | 'operador' | 'elevado' | 'supervisor';
const CALLERS: Caller[] = ['anonymous', 'session', 'operador', 'elevado', 'supervisor'];
const RANK: Record<Caller, number> = { anonymous: 0, session: 1, operador: 2, elevado: 3, supervisor: 3 };
const NEEDED: Record<Access, number> = { session: 1, operador: 2, supervisor: 3 };

const procedures = listProcedures();

let st: TestStation;
beforeAll(async () => {
  st = await startTestStation();
});
afterAll(async () => {
  await st.stop();
});

const cookieFor = (caller: Caller): Promise<string | null> =>
  caller === 'anonymous' ? Promise.resolve(null) : cookieAs(st.core, caller);

/** HTTP status of one call; subscriptions report refusal as an error event in the SSE stream. */
async function call(p: ProcedureInfo, cookie: string | null): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  const url = `${st.core.origin}/trpc/${p.path}`;
  if (p.type === 'mutation') {
    return (await fetch(url, { method: 'POST', headers, body: '{}' })).status;
  }
  if (p.type === 'query') return (await fetch(url, { headers })).status;
  const ac = new AbortController();
  const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal: ac.signal });
  if (res.status !== 200 || !res.body) {
    ac.abort();
    return res.status;
  }
  const reader = res.body.getReader();
  let text = '';
  while (!/event: (serialized-error|message)|\ndata: /.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  ac.abort();
  const m = /"httpStatus":(\d+)/.exec(text);
  return m ? Number(m[1]) : 200;
}

describe('authorization matrix', () => {
  it('every procedure declares who may call it', () => {
    expect(procedures.length).toBeGreaterThan(0);
    expect(procedures.filter((p) => !p.access).map((p) => p.path)).toEqual([]);
  });

  const cases = procedures.flatMap((p) => CALLERS.map((c) => [p.path, c, p] as const));
  it.each(cases)('%s as %s', async (_path, caller, p) => {
    const status = await call(p, await cookieFor(caller));
    const allowed = RANK[caller] >= NEEDED[p.access!];
    if (allowed) {
      expect([401, 403]).not.toContain(status);
    } else {
      expect(status).toBe(RANK[caller] < NEEDED.operador ? 401 : 403);
    }
  });

  it(`covers ${procedures.length} procedures × ${CALLERS.length} callers`, () => {
    expect(cases.length).toBe(procedures.length * CALLERS.length);
  });
});
