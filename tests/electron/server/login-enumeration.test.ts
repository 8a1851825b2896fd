// Account enumeration at the sign-in screen, over real HTTP against a real core: an unknown id
// must answer in the same time as a wrong PIN, and lock after the same number of failures with
// the same message (kept across a restart: tests/electron/security/operators.test.ts), so neither the clock nor the lockout tells a
// guesser which ids exist.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../../../electron/security/operators';
import { addAccounts, rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';

const SAMPLES = 50;
let st: TestStation;
beforeAll(async () => {
  st = await startTestStation();
  // One fresh account per sample, so that no sample meets a lockout (a locked id answers at once).
  addAccounts(
    st.core,
    Array.from({ length: SAMPLES }, (_, i) => ({
      id: `cuenta${i}`,
      role: 'operador' as const,
      pin: '246813',
    })),
  );
});
afterAll(async () => {
  await st.stop();
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
}

async function timed(cookie: string, operatorId: string): Promise<number> {
  const t0 = performance.now();
  const r = await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId, pin: '999999' });
  const ms = performance.now() - t0;
  expect(r.body.error.message).toBe('login.error.badCredentials');
  return ms;
}

it(`answers an unknown id in the same time as a wrong PIN (medians over ${SAMPLES} samples each)`, async () => {
  const cookie = await sessionCookie(st.core);
  await timed(cookie, 'calentamiento'); // the first scrypt call pays for its memory
  const unknown: number[] = [];
  const wrongPin: number[] = [];
  // Interleaved, so that load from elsewhere on the machine falls on both series alike.
  for (let i = 0; i < SAMPLES; i++) {
    unknown.push(await timed(cookie, `nadie${i}`));
    wrongPin.push(await timed(cookie, `cuenta${i}`));
  }
  const mu = median(unknown);
  const mk = median(wrongPin);
  // Each unknown id is paired with the wrong PIN tried right after it: the median of those
  // differences cancels the drift of a machine whose load comes and goes.
  const paired = median(unknown.map((u, i) => u - wrongPin[i]!));
  console.log(
    `login timing medians: unknown id ${mu.toFixed(1)} ms, wrong PIN ${mk.toFixed(1)} ms, paired difference ${paired.toFixed(1)} ms`,
  );
  // Before the fix these were ~70 ms against ~41 ms (a second scrypt for unknown ids). Noise on a
  // shared 2-core box stays well under 15% of a median; a second scrypt or a skipped write is far over it.
  expect(Math.abs(paired)).toBeLessThan(Math.max(0.15 * mk, 3));
}, 120_000);

it('locks an unknown id after the same number of failures, with the same message', async () => {
  const cookie = await sessionCookie(st.core);
  const answers = async (operatorId: string) => {
    const out: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS + 1; i++) {
      const r = await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId, pin: '999999' });
      out.push(`${r.status} ${String(r.body.error.message).replace(/:.*/, ':<hora>')}`);
    }
    return out;
  };
  const known = await answers('cuenta0'); // cuenta0 failed once in the timing test: start from a clean one
  const unknown = await answers('nadie0');
  expect(known.slice(-2)).toEqual(['429 login.error.locked:<hora>', '429 login.error.locked:<hora>']);
  expect(unknown).toEqual(known);
  const audited = [...st.core.services.audit.entries()].filter((e) => e.action === 'login.locked');
  expect(audited.map((e) => e.subject)).toEqual(expect.arrayContaining(['cuenta0', 'nadie0']));
});
