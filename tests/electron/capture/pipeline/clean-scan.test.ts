// A clean acta from acopio to the central's receipt through the real scanner, gate and blob
// store: the operator sees each page arrive, get stored and get its verdict; the stored bytes are
// the scanner's, named by their SHA-256; a preview exists beside them.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { actaPageSource } from '../../../../sim/acta/page-source';
import { AuditLog } from '../../../../electron/security/audit';
import { sha256Hex } from '../../../../electron/platform/hash';
import { err } from '../../../../electron/platform/result';
import type { ScannedPage } from '../../../../electron/capture/scanners/types';
import { key, operator, receive } from '../../workflow/fixture';
import { rig, scanner } from './fixture';

let sc: ReturnType<typeof scanner> | undefined;
afterEach(async () => sc?.stop());

it('scans, verifies, queues, sends and closes a clean two-page acta', async () => {
  const r = rig();
  const k = key(1234);
  sc = scanner(actaPageSource({ defectRate: 0, seed: 7, keys: [k] }));
  const delivered: ScannedPage[] = [];
  const job = sc.scan.bind(sc);
  sc.scan = (req, onPage) => {
    const j = job(req, onPage);
    return {
      ...j,
      pages: (async function* () {
        for await (const p of j.pages) {
          delivered.push(p);
          yield p;
        }
      })(),
    };
  };
  const a = receive(r.s, k).acta;
  let busyDuringScan: string[] = [];
  const result = await r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: a.version,
    request: { maxPages: 2 },
    onProgress: (e) => {
      if (e.type === 'pageStored') busyDuringScan = r.activity.busy();
    },
  });
  expect(result.kind).toBe('digitalizada');
  if (result.kind !== 'digitalizada') return;
  expect(busyDuringScan).toEqual(['scanning']);
  expect(r.activity.busy()).toEqual([]);
  expect(result.pages.map((p) => [p.position, p.suitable, p.identification])).toEqual([
    [1, true, 'match'],
    [2, true, 'match'],
  ]);
  // The integrity code is the SHA-256 of exactly what the scanner delivered, kept as delivered.
  for (const [i, p] of result.pages.entries()) {
    expect(p.sha256).toBe(sha256Hex(delivered[i]!.bytes));
    expect(p.size).toBe(delivered[i]!.bytes.length);
    expect(Buffer.compare(await r.blobs.read(p.sha256), Buffer.from(delivered[i]!.bytes))).toBe(0);
    expect(fs.existsSync(path.join(r.previewsDir, p.preview!))).toBe(true);
  }
  expect(r.events.map((e) => e.type)).toEqual([
    'started',
    'pageReceived',
    'pageStored',
    'pageChecked',
    'pageReceived',
    'pageStored',
    'pageChecked',
    'finished',
  ]);
  const v = r.s.wf.verify({ actaId: a.id, version: result.acta.version }, operator);
  expect(v.state).toBe('en_cola');
  expect(r.s.wf.transmissionItem(a.id).images.map((i) => i.sha256)).toEqual(
    result.pages.map((p) => p.sha256),
  );
  r.s.wf.markTransmitted(v.keyId, 'primary');
  expect(r.s.wf.markAcknowledged(v.keyId, 'rcpt-1').state).toBe('acusada');
  expect(new AuditLog(r.s.db, r.s.clock).verify().ok).toBe(true);
});

it('does not start when the station refuses (battery low), and the acta does not change', async () => {
  const r = rig({ canStartScan: () => err('power.error.batteryLow') });
  sc = scanner(actaPageSource({ defectRate: 0, seed: 1 }));
  const a = receive(r.s, key(1)).acta;
  const result = await r.pipeline.scanActa(a.id, sc, { actor: operator, version: a.version });
  expect(result).toEqual({ kind: 'refused', reason: 'power.error.batteryLow' });
  expect(r.s.wf.find(a.id)).toMatchObject({ state: 'recibida', version: a.version, scanning: false });
  expect(sc.status().values).toMatchObject({ sheetsInFeeder: 10 });
});
