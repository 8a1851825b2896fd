// The supervisor picks exports and catalogues from the places the station allows (detected
// drives, configured folders, its own export folder), over real HTTP against a real core. The
// attacks: write an export anywhere the core may write (/etc as root), read any file through the
// catalogue loader and see its first line in the error, or escape a drive through a symlink.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';
import { stationExportDir } from '../../../electron/station/allowed-places';

let st: TestStation;
let elevated: string;
const REASON = 'copia para el consejo distrital';
const made: string[] = [];
const mk = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
};
/** Stands for the USB stick; `outside` for /etc: writable by the core, allowed to nobody. */
const usb = mk('catd-usb-');
const outside = mk('catd-etc-');
const SECRET = 'root:$6$s3cr3tHash:19000:0:99999:7:::';

beforeAll(async () => {
  st = await startTestStation({ config: { files: { roots: [usb], removable: false } } });
  elevated = await sessionCookie(st.core);
  const acct = (role: string) => st.core.demoAccounts!.find((a) => a.role === role)!;
  const op = acct('operador');
  const sup = acct('supervisor');
  await rpc(st.core, elevated, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
  await rpc(st.core, elevated, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
  fs.writeFileSync(path.join(outside, 'shadow'), `${SECRET}\ndaemon:*:19000:0:99999:7:::\n`);
});
afterAll(async () => {
  await st.stop();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

const auditExport = (folder: string) =>
  rpc(st.core, elevated, 'mutation', 'supervisor.audit.export', { folder, reason: REASON });
const loadCatalogue = (file: string) =>
  rpc(st.core, elevated, 'mutation', 'supervisor.catalogue.load', { path: file, reason: REASON });

describe('exports go only to allowed places', () => {
  it('refuses /etc, and any writable folder that is not a drive or a configured folder', async () => {
    for (const folder of ['/etc', outside, '/tmp']) {
      const r = await auditExport(folder);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toBe('console.error.placeNotAllowed');
    }
    const media = await rpc(st.core, elevated, 'mutation', 'transmission.exportToMedia', {
      folder: outside,
      reason: REASON,
    });
    expect(media.body.error.message).toBe('console.error.placeNotAllowed');
    expect(fs.readdirSync(outside)).toEqual(['shadow']);
  });

  it('refuses a symlink on the drive that leads out of it, and `..`', async () => {
    fs.symlinkSync(outside, path.join(usb, 'escape'));
    expect((await auditExport(path.join(usb, 'escape'))).body.error.message).toBe(
      'console.error.placeNotAllowed',
    );
    expect((await auditExport(`${usb}/../${path.basename(outside)}`)).body.error.message).toBe(
      'console.error.placeNotAllowed',
    );
    expect(fs.readdirSync(outside)).toEqual(['shadow']);
  });

  it('writes to the drive and to the station export folder, signed, audited', async () => {
    const r = await auditExport(usb);
    expect(r.status).toBe(200);
    expect(
      (r.body.result.data.files as string[]).every((f) => path.dirname(f) === fs.realpathSync(usb)),
    ).toBe(true);
    const own = await auditExport(stationExportDir(st.dataDir));
    expect(own.status).toBe(200);
    expect(fs.readdirSync(stationExportDir(st.dataDir)).some((n) => n.endsWith('.jsonl.sig'))).toBe(true);
  });
});

describe('catalogues are read only from allowed places, and never echoed', () => {
  it('refuses a file outside every place without a byte of it in the answer', async () => {
    const r = await loadCatalogue(path.join(outside, 'shadow'));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('console.error.placeNotAllowed');
    expect(JSON.stringify(r.body)).not.toContain('s3cr3t');
    const last = st.core.services.audit.query({ action: 'console.catalogueLoad', limit: 1 }).entries[0];
    expect(JSON.stringify(last ?? {})).not.toContain('s3cr3t');
  });

  it('refuses a link on the drive to a file outside it', async () => {
    fs.symlinkSync(path.join(outside, 'shadow'), path.join(usb, 'catalogo-falso.csv'));
    const r = await loadCatalogue(path.join(usb, 'catalogo-falso.csv'));
    expect(r.body.error.message).toBe('console.error.placeNotAllowed');
    expect(JSON.stringify(r.body)).not.toContain('s3cr3t');
  });

  it('does not print the first line of a file on the drive that is not a catalogue', async () => {
    fs.copyFileSync(path.join(outside, 'shadow'), path.join(usb, 'notas.csv'));
    const r = await loadCatalogue(path.join(usb, 'notas.csv'));
    expect(r.status).toBe(200);
    expect(r.body.result.data).toMatchObject({ ok: false, errors: [{ line: 1, code: 'header', text: '' }] });
    expect(JSON.stringify(r.body)).not.toContain('s3cr3t');
  });

  it('lists the drive with its CSV files (not links) and loads a catalogue from it end to end', async () => {
    fs.writeFileSync(
      path.join(usb, 'catalogo.csv'),
      'entidad,distrito,seccion,tipo,numero\n9,5,1,B,1\n9,5,2,B,1\n',
    );
    const places = await rpc(st.core, elevated, 'query', 'supervisor.places.list');
    expect(places.status).toBe(200);
    expect(places.body.result.data).toEqual([
      { path: usb, kind: 'configured', csvFiles: ['catalogo.csv', 'notas.csv'] },
      { path: stationExportDir(st.dataDir), kind: 'station', csvFiles: [] },
    ]);
    const r = await loadCatalogue(path.join(usb, 'catalogo.csv'));
    expect(r.status).toBe(200);
    expect(r.body.result.data).toMatchObject({ ok: true, entries: 2 });
  });
});
