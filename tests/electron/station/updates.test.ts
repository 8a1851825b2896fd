// A supervisor approves an update the shell found; the core refuses while work is in progress,
// and tells the shell to install only an approved, verified, newer release on this station's
// channel, when nothing is being scanned or sent (the shell never installs on its own).
import { afterEach, describe, expect, it } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';
import { UPDATE_RELEASE_FORMAT, type UpdateRelease } from '../../../electron/platform/update-release';

const release = (version: string, channel = 'estable'): UpdateRelease => ({
  format: UPDATE_RELEASE_FORMAT,
  version,
  channel,
  file: `catd-workstation-${version}.AppImage`,
  sha256: 'a'.repeat(64),
  releasedAt: '2026-05-01T12:00:00.000Z',
});

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
    expect(st.applies).toEqual([]); // downloaded and verified first; installed only on the core's word
    const actions = [...st.core.services.audit.entries()]
      .filter((e) => e.subject === '1.2.0')
      .map((e) => e.action);
    expect(actions).toEqual(['update.refused', 'update.approve']);
  });

  it('installs the verified download only once no scan or upload runs, and audits it', async () => {
    st = await startTestStation({ shellUpdates: true });
    const cookie = await operatorCookie(st);
    const sup = st.core.demoAccounts!.find((a) => a.role === 'supervisor')!;
    await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
    st.core.services.updates.report('available', '1.2.0');
    const approve = { reason: 'versión aprobada por la UTSI', version: '1.2.0' };
    expect((await rpc(st.core, cookie, 'mutation', 'updates.approve', approve)).status).toBe(200);
    // The download ends while an acta is being sent: verified, but deferred, not installed.
    const endUpload = st.core.services.activity.begin('transmitting');
    const endScan = st.core.services.activity.begin('scanning');
    expect(st.core.services.updates.verified(release('1.2.0'), '1.0.0')).toMatchObject({ ok: true });
    expect(st.core.services.updates.current().phase).toBe('deferred');
    expect(st.applies).toEqual([]);
    endUpload();
    expect(st.applies).toEqual([]); // the scan still runs
    endScan();
    expect(st.applies).toEqual(['1.2.0']);
    expect(st.core.services.updates.current().phase).toBe('installing');
    const installed = [...st.core.services.audit.entries()].find((e) => e.action === 'update.install');
    expect(installed).toMatchObject({ actor: sup.id, subject: '1.2.0', details: { channel: 'estable' } });
  });

  it('never installs what no supervisor approved, an older build, or another channel', async () => {
    st = await startTestStation({ shellUpdates: true });
    const updates = st.core.services.updates;
    // Nobody approved: the shell's "verified" alone installs nothing.
    updates.report('available', '1.2.0');
    expect(updates.verified(release('1.2.0'), '1.0.0')).toEqual({
      ok: false,
      error: 'update.error.notApproved',
    });
    const cookie = await operatorCookie(st);
    const sup = st.core.demoAccounts!.find((a) => a.role === 'supervisor')!;
    await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
    const approveAndVerify = async (offered: string, r: UpdateRelease, running = '1.0.0') => {
      updates.report('available', offered);
      await rpc(st!.core, cookie, 'mutation', 'updates.approve', {
        reason: 'versión aprobada',
        version: offered,
      });
      return updates.verified(r, running);
    };
    // An older signed build offered as newer: its signed version is not the approved one.
    expect(await approveAndVerify('9.9.9', release('0.9.0'))).toEqual({
      ok: false,
      error: 'update.error.notApproved',
    });
    // The same build replayed: not newer than what runs.
    expect(await approveAndVerify('1.0.0', release('1.0.0'))).toEqual({
      ok: false,
      error: 'update.error.downgrade',
    });
    expect(await approveAndVerify('1.3.0', release('1.3.0', 'pruebas'))).toEqual({
      ok: false,
      error: 'update.error.channel',
    });
    expect(st.applies).toEqual([]);
    expect(updates.current()).toMatchObject({ phase: 'rejected', problem: 'update.error.channel' });
    expect([...st.core.services.audit.entries()].filter((e) => e.action === 'update.rejected')).toHaveLength(
      4,
    );
  });

  it('does not let the shell claim the verified or deferred phase', async () => {
    st = await startTestStation({ shellUpdates: true });
    st.core.services.updates.report('available', '1.2.0');
    st.core.services.updates.report('verified', '1.2.0');
    expect(st.core.services.updates.current().phase).toBe('available');
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
