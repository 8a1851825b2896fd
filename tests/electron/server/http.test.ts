// The core's HTTP host as a browser (or an attacker on the same machine) meets it.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';

let st: TestStation;
beforeAll(async () => {
  st = await startTestStation();
});
afterAll(async () => {
  await st.stop();
});

function demo(role: 'operador' | 'supervisor') {
  const a = st.core.demoAccounts?.find((d) => d.role === role);
  if (!a) throw new Error('demo accounts missing');
  return a;
}

describe('without a session cookie', () => {
  it('refuses RPC with 401 and no data', async () => {
    const r = await rpc(st.core, null, 'query', 'session.whoami');
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.body)).not.toContain('CATD-SIM-01');
  });

  it('refuses the UI page with a 401 page that says how to get in', async () => {
    const res = await fetch(`${st.core.origin}/`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('UI:');
  });

  it('refuses a forged cookie', async () => {
    const r = await rpc(st.core, 'catd_session=forged', 'query', 'session.whoami');
    expect(r.status).toBe(401);
  });
});

describe('launch token', () => {
  it('is exchanged once for an HttpOnly SameSite=Strict cookie, then is spent', async () => {
    const token = st.core.mintLaunchToken();
    const first = await fetch(`${st.core.origin}/auth?token=${token}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(first.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    const again = await fetch(`${st.core.origin}/auth?token=${token}`, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('works as a POST body (how the Electron shell sends it)', async () => {
    const res = await fetch(`${st.core.origin}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${st.core.mintLaunchToken()}`,
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
  });

  it('is never written to the log', async () => {
    const token = st.core.mintLaunchToken();
    await fetch(`${st.core.origin}/auth?token=${token}`, { redirect: 'manual' });
    expect(JSON.stringify(st.log.lines)).not.toContain(token);
  });
});

describe('DNS rebinding and cross-origin requests', () => {
  it('refuses a foreign Host header even with a valid cookie', async () => {
    const cookie = await sessionCookie(st.core);
    // fetch() cannot set Host; a raw request can, as a rebinding attacker's browser would send it.
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(
          {
            port: st.core.port,
            host: '127.0.0.1',
            path: '/trpc/session.whoami',
            headers: { cookie, host: 'attacker.example:80' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('refuses a foreign Origin', async () => {
    const cookie = await sessionCookie(st.core);
    const res = await fetch(`${st.core.origin}/trpc/session.login`, {
      method: 'POST',
      headers: { cookie, origin: 'http://attacker.example', 'content-type': 'application/json' },
      body: JSON.stringify({ operatorId: 'operador1', pin: '123456' }),
    });
    expect(res.status).toBe(403);
  });
});

describe('headers', () => {
  it('serves a strict CSP without inline scripts on the page', async () => {
    const cookie = await sessionCookie(st.core);
    const res = await fetch(`${st.core.origin}/`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('does not serve files outside the renderer folder', async () => {
    const cookie = await sessionCookie(st.core);
    const res = await fetch(`${st.core.origin}/..%2f..%2fcatd.sqlite`, { headers: { cookie } });
    expect([400, 404]).toContain(res.status);
    expect(res.status).not.toBe(200);
  });
});

describe('login and roles', () => {
  it('logs in the demo operator and refuses a wrong PIN with a message key', async () => {
    const cookie = await sessionCookie(st.core);
    const op = demo('operador');
    const wrong = await rpc(st.core, cookie, 'mutation', 'session.login', {
      operatorId: op.id,
      pin: op.pin === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('login.error.badCredentials');
    expect(JSON.stringify(wrong.body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace

    const ok = await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
    expect(ok.status).toBe(200);
    expect(ok.body.result.data.operator).toMatchObject({ id: op.id, role: 'operador' });
  });

  it('refuses bad input with a specific key, before any work', async () => {
    const cookie = await sessionCookie(st.core);
    const r = await rpc(st.core, cookie, 'mutation', 'session.login', {
      operatorId: 'operador1',
      pin: '12ab',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('login.error.pinDigits');
  });

  it('requires a logged-in operator for status, and a supervisor for the audit check', async () => {
    const cookie = await sessionCookie(st.core);
    expect((await rpc(st.core, cookie, 'query', 'status.snapshot')).status).toBe(401);

    const op = demo('operador');
    await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
    const snap = await rpc(st.core, cookie, 'query', 'status.snapshot');
    expect(snap.status).toBe(200);
    expect(Object.keys(snap.body.result.data.devices).sort()).toEqual([
      'plant',
      'printer',
      'scanner',
      'storage',
      'ups',
    ]);
    const denied = await rpc(st.core, cookie, 'query', 'audit.verify');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('auth.error.supervisorOnly');

    const sup = demo('supervisor');
    const supCookie = await sessionCookie(st.core);
    await rpc(st.core, supCookie, 'mutation', 'session.login', { operatorId: sup.id, pin: sup.pin });
    const verdict = await rpc(st.core, supCookie, 'query', 'audit.verify');
    expect(verdict.status).toBe(200);
    expect(verdict.body.result.data.ok).toBe(true);
    expect(verdict.body.result.data.entries).toBeGreaterThan(3);
  });
});
