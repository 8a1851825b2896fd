// The router's procedures as data, and sessions signed in as each role: shared by the tests that
// walk every procedure (authorization matrix, hostile input).
import { expect } from 'vitest';
import { appRouter } from '../../electron/server/router';
import type { Access } from '../../electron/server/trpc';
import type { Core } from '../../electron/app/core';
import { sessionCookie } from './core';

export interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  access: Access | undefined;
  /** Whether the procedure declares an input schema (one without ignores what it is sent). */
  hasInput: boolean;
}

export function listProcedures(): ProcedureInfo[] {
  const defs = (
    appRouter._def as unknown as {
      procedures: Record<
        string,
        { _def: { type: ProcedureInfo['type']; meta?: { access?: Access }; inputs: unknown[] } }
      >;
    }
  ).procedures;
  return Object.entries(defs).map(([path, p]) => ({
    path,
    type: p._def.type,
    access: p._def.meta?.access,
    hasInput: p._def.inputs.length > 0,
  }));
}

/** 'elevado' is an operator's session lifted by a supervisor's id + PIN (the console). */
export type SignedInRole = 'session' | 'operador' | 'elevado' | 'supervisor';

/** A fresh session cookie signed in as `role` with the demo accounts of a simulated core. */
export async function cookieAs(core: Core, role: SignedInRole): Promise<string> {
  const cookie = await sessionCookie(core);
  if (role === 'session') return cookie;
  const post = (proc: string, body: object) =>
    fetch(`${core.origin}/trpc/${proc}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const acct = (r: string) => core.demoAccounts!.find((a) => a.role === r)!;
  const who = acct(role === 'supervisor' ? 'supervisor' : 'operador');
  expect((await post('session.login', { operatorId: who.id, pin: who.pin })).status).toBe(200);
  if (role === 'elevado') {
    const sup = acct('supervisor');
    expect((await post('session.elevate', { supervisorId: sup.id, pin: sup.pin })).status).toBe(200);
  }
  return cookie;
}
