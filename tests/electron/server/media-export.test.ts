// Both links down: the supervisor exports the pending actas to removable media from the console.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';

/** Stands for the USB stick the station is configured to allow. */
const usbRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-usb-'));
const usbFolder = () => fs.mkdtempSync(path.join(usbRoot, 'drive-'));

let st: TestStation;
let cookie: string;
const acct = (role: string) => st.core.demoAccounts!.find((a) => a.role === role)!;
const exportTo = (folder: string) =>
  rpc(st.core, cookie, 'mutation', 'transmission.exportToMedia', {
    folder,
    reason: 'enlaces caídos desde las 22:10',
  });

beforeAll(async () => {
  st = await startTestStation({ config: { files: { roots: [usbRoot], removable: false } } });
  cookie = await sessionCookie(st.core);
  const op = acct('operador');
  await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
});
afterAll(async () => {
  await st.stop();
  fs.rmSync(usbRoot, { recursive: true, force: true });
});

describe('removable-media export', () => {
  it('is refused to the operator alone', async () => {
    expect((await exportTo(usbFolder())).status).toBe(403);
  });

  it('says clearly what is wrong with the folder, or that nothing is pending', async () => {
    const sup = acct('supervisor');
    await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
    expect((await exportTo('media/usb')).body.error.message).toBe('media.error.folderNotAbsolute');
    expect((await exportTo('/no/such/usb')).body.error.message).toBe('console.error.pathMissing');
    expect((await exportTo(tempDir())).body.error.message).toBe('console.error.placeNotAllowed');
    expect((await exportTo(usbFolder())).body.error.message).toBe('media.error.nothingPending');
  });

  it('writes the pending actas to the drive, signed, and audits it', async () => {
    const img = path.join(tempDir(), 'page.png');
    const bytes = Buffer.from('acta image bytes');
    fs.writeFileSync(img, bytes);
    const at = { utc: new Date().toISOString(), offsetMinutes: -360 };
    const queued = st.core.services.outbox.enqueue({
      actaKey: '2024-PRES-09-05-1234-B1',
      images: [{ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, path: img }],
      times: { receivedAt: at, scannedAt: at, verifiedAt: at },
      stationId: st.core.config.station.id,
      operatorId: acct('operador').id,
    });
    expect(queued.ok).toBe(true);
    const r = await exportTo(usbFolder());
    expect(r.status).toBe(200);
    expect(r.body.result.data).toMatchObject({ actas: 1 });
    expect(fs.existsSync(r.body.result.data.folder)).toBe(true);
    const entry = [...st.core.services.audit.entries()].find((e) => e.action === 'media.export');
    expect(entry).toMatchObject({ actor: acct('supervisor').id, details: { actas: 1 } });
  });

  it('the console starts an export, follows its progress and may cancel it, audited', async () => {
    const { outbox } = st.core.services;
    // The earlier test's acta has lost its image (its temp folder is gone): held, it stays behind.
    for (const e of outbox.sendable()) outbox.holdEntry(e.id, 'held');
    // Enough actas that the export is still writing when the cancel arrives.
    for (let i = 0; i < 150; i++) {
      const bytes = randomBytes(128 * 1024);
      const img = path.join(tempDir(), 'page.png');
      fs.writeFileSync(img, bytes);
      const at = { utc: new Date().toISOString(), offsetMinutes: -360 };
      const queued = outbox.enqueue({
        actaKey: `2024-PRES-09-05-${String(2000 + i)}-B1`,
        images: [{ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, path: img }],
        times: { receivedAt: at, scannedAt: at, verifiedAt: at },
        stationId: st.core.config.station.id,
        operatorId: acct('operador').id,
      });
      expect(queued.ok).toBe(true);
    }
    const sup = acct('supervisor');
    await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
    const drive = usbFolder();
    const reason = 'enlaces caídos desde las 22:10';
    const started = await rpc(st.core, cookie, 'mutation', 'transmission.startExport', {
      folder: drive,
      reason,
    });
    expect(started.body.result.data).toMatchObject({ state: 'running' });
    // A second export while one runs is refused, not queued behind it.
    const second = await rpc(st.core, cookie, 'mutation', 'transmission.startExport', {
      folder: drive,
      reason,
    });
    expect(second.body.error.message).toBe('media.error.busy');
    const job = async () => (await rpc(st.core, cookie, 'query', 'transmission.exportJob')).body.result.data;
    await expect.poll(async () => (await job()).progress?.done ?? 0).toBeGreaterThan(0);
    const cancel = await rpc(st.core, cookie, 'mutation', 'transmission.cancelExport', { reason });
    expect(cancel.status).toBe(200);
    await expect.poll(async () => (await job()).state, { timeout: 10_000 }).toBe('cancelled');
    expect((await job()).error).toBe('media.error.cancelled');
    expect(fs.readdirSync(drive)).toEqual([]);
    const actions = [...st.core.services.audit.entries()].map((e) => e.action);
    expect(actions).toContain('media.export.cancel');
    expect(actions).toContain('media.export.cancelled');
    const again = await rpc(st.core, cookie, 'mutation', 'transmission.cancelExport', { reason });
    expect(again.body.error.message).toBe('media.error.noExport');

    // Started again, it runs to the end and the console reads the result.
    await rpc(st.core, cookie, 'mutation', 'transmission.startExport', { folder: drive, reason });
    await expect.poll(async () => (await job()).state, { timeout: 30_000 }).toBe('done');
    expect((await job()).result).toMatchObject({ actas: 150 });
    expect(fs.readdirSync(drive)).toHaveLength(1);
  });
});
