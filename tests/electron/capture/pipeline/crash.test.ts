// The core dies in the middle of a scan (the database handle is gone, as after a kill): on the
// next start the scan marker is ended as interrupted, the acta is scannable again in the state it
// had, the page row written before the crash still has its file, and a file stored without its row
// (the crash window between the two) is reported, not deleted.
import { afterEach, expect, it } from 'vitest';
import path from 'node:path';
import { BlobStore } from '../../../../electron/capture/store/blob-store';
import { CapturePipeline, recoverCapture } from '../../../../electron/capture/pipeline';
import { Activity } from '../../../../electron/platform/activity';
import { QualityGate } from '../../../../electron/capture/quality/gate';
import type { SimPageSource } from '../../../../sim/devices/scanner';
import { AuditLog } from '../../../../electron/security/audit';
import { key, operator, receive } from '../../workflow/fixture';
import { rig, scanner, sheets } from './fixture';
import { waitFor } from '../scanners/helpers';

let scanners: Array<ReturnType<typeof scanner>> = [];
let crash: (err: Error) => void = () => {};
afterEach(async () => {
  crash(new Error('test over'));
  for (const s of scanners) await s.stop();
  scanners = [];
});

it('recovers a scan cut by a crash', async () => {
  const r = rig();
  const k = key(5001);
  const real = sheets([{ key: k }]);
  // Sheet 1 scans normally; sheet 2 never comes out of the scanner before the "crash".
  const source: SimPageSource = (index, o) => {
    if (index === 1) return real(index, o);
    return new Promise((_, rej) => (crash = rej));
  };
  const sc = scanner(source);
  scanners.push(sc);
  const a = receive(r.s, k).acta;
  const running = r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: a.version,
    request: { maxPages: 2 },
  });
  await waitFor(() => r.s.wf.get(a.id).pages.length === 1, 10_000, "page 1's row");
  // The crash window: a file made durable, its row never written.
  const orphan = await r.blobs.put(Buffer.from('bytes of a page whose row was never written'));
  r.s.db.close();
  crash(new Error('power cut'));
  await expect(running).rejects.toThrow(); // the dead process's tail never writes anything

  // Next start.
  r.s.reopen();
  const blobs = new BlobStore(path.join(r.s.dir, 'blobs'));
  const recovery = await recoverCapture({ workflow: r.s.wf, blobs });
  expect(recovery.interruptedScans).toEqual([{ actaId: a.id, scanNo: 1, pagesKept: 1 }]);
  expect(recovery.sweep.orphans).toEqual([orphan.sha256]);
  const detail = r.s.wf.get(a.id);
  expect(detail.acta).toMatchObject({ state: 'recibida', scanning: false });
  expect(await blobs.verify(detail.pages[0]!.sha256)).toBe(true);
  expect(detail.history.at(-1)).toMatchObject({ action: 'acta.scanRecovered', actor: 'system' });

  // The operator resumes exactly there: scan again.
  const gate = new QualityGate({ workers: 1 });
  try {
    const pipeline = new CapturePipeline({
      workflow: r.s.wf,
      blobs,
      gate,
      activity: new Activity(),
      clock: r.s.clock,
    });
    const sc2 = scanner(sheets([{ key: k }]));
    scanners.push(sc2);
    const again = await pipeline.scanActa(a.id, sc2, {
      actor: operator,
      version: detail.acta.version,
      request: { maxPages: 1 },
    });
    expect(again.kind).toBe('digitalizada');
  } finally {
    await gate.close();
  }
  expect(new AuditLog(r.s.db, r.s.clock).verify().ok).toBe(true);
});
