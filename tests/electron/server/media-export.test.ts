// Both links down: the supervisor exports the pending actas to removable media from the console.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
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
});
