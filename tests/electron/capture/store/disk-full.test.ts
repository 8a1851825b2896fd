// The disk fills during a scan, on a real core whose data folder is an 8 MB tmpfs: the operator
// gets "Disco lleno" (not a 500), nothing stored before is damaged, no row points at a partial
// file, the acta stays scannable, and once the supervisor frees space (the volume is enlarged)
// the next scan of the same acta succeeds without restarting the core.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../../electron/capture/pipeline';
import { rpc, type TestStation } from '../../../helpers/core';
import {
  expectIntact,
  expectStorageFault,
  fillDisk,
  freeBytes,
  mountTmpfs,
  remount,
  startDiskStation,
  storageCell,
  unmount,
  type DiskStation,
} from './storage-rig';

/** The last log line with this event id, as text ('' when none). */
function logged(st: TestStation, event: string): string {
  return JSON.stringify(st.log.lines.filter((l) => l.event === event).at(-1) ?? '');
}

const mount = mountTmpfs(8);
if (!mount.ok) console.warn(`disk-full tests skipped: ${mount.reason}`);

let ds: DiskStation | undefined;
beforeAll(async () => {
  if (mount.ok) ds = await startDiskStation(mount.dir);
});
afterAll(async () => {
  try {
    await ds?.st.stop();
  } finally {
    unmount(mount.dir);
  }
});

describe.skipIf(!mount.ok)('disk full during a scan', () => {
  it('says "disco lleno" when the page does not fit, keeps what was stored, and resumes once space is freed', async () => {
    const { st } = ds!;
    const { workflow } = st.core.services;
    // An acta stored before the disk fills: it must come through untouched.
    const before = ds!.receive(4101);
    const ok = await ds!.scan(before.id);
    expect(ok.status).toBe(200);
    expect(ok.body.result.data).toMatchObject({ kind: 'digitalizada', error: null });
    const storedPage = ok.body.result.data.pages[0].sha256 as string;
    const pageSize = ok.body.result.data.pages[0].size as number;

    // The disk runs low: the status bar warns by itself (periodic sample), before anything fails.
    expect(st.core.services.status.current().devices.storage).toMatchObject({
      state: 'writable',
      health: 'ok',
    });
    fillDisk(mount.dir, 700 * 1024, 'relleno-0.bin');
    await expect
      .poll(() => st.core.services.status.current().devices.storage, { timeout: 5_000, interval: 50 })
      .toMatchObject({ state: 'space_low', health: 'warning', lastError: 'storage.warning.spaceLow' });

    // Another program leaves less than a page free (above the hard floor, so the scan starts).
    fillDisk(mount.dir, 64 * 1024 + 48 * 1024);
    const a = ds!.receive(4102);
    const full = await ds!.scan(a.id);
    expectStorageFault(full, 'storage.error.diskFull', /ENOSPC|at .*\.ts:\d+/);
    expect(logged(st, 'capture-page-failed')).toMatch(/ENOSPC/);
    expect(workflow.history(a.id).at(-1)).toMatchObject({
      action: 'acta.scanEnd',
      details: { outcome: 'fault', error: 'storage.error.diskFull' },
    });
    const intact = await expectIntact(st);
    expect(intact.pages).toBe(1);
    expect(workflow.get(before.id).acta.state).toBe('digitalizada');
    expect(fs.existsSync(st.core.services.blobs.pathFor(storedPage))).toBe(true);
    // The status bar shows the disk as a problem (low, or below the floor once the scan's end was logged).
    const cell = storageCell(st);
    expect(['space_low', 'space_critical']).toContain(cell.state);
    expect(cell.health).not.toBe('ok');
    expect(cell.values.freeMegabytes).toBeLessThan(0.2);

    // The supervisor frees space: the same acta scans, same core.
    remount(mount.dir, 'size=64m');
    expect(freeBytes(mount.dir)).toBeGreaterThan(pageSize * 4);
    const again = await ds!.scan(a.id);
    expect(again.body.result.data).toMatchObject({ kind: 'digitalizada', acta: { state: 'digitalizada' } });
    expect(storageCell(st)).toMatchObject({ state: 'writable', health: 'ok', lastError: null });
    expect((await expectIntact(st)).pages).toBe(2);
    for (const f of ['relleno-0.bin', 'relleno.bin']) fs.rmSync(path.join(mount.dir, f));
  });

  it('says "disco lleno" when the database fills mid-scan, refuses new scans while full, then resumes', async () => {
    const { st } = ds!;
    const { workflow, pipeline } = st.core.services;
    const a = ds!.receive(4103);
    // The page's file is written; then the disk fills to the last byte before its row is recorded.
    const off = pipeline.onProgress((e: ScanProgress) => {
      if (e.type === 'pageStored' && e.actaId === a.id) fillDisk(mount.dir, 0, 'relleno-2.bin');
    });
    const full = await ds!.scan(a.id);
    off();
    expectStorageFault(full, 'storage.error.diskFull', /SQLITE_FULL|at .*\.ts:\d+/, { state: 'recibida' });
    // Neither the page's row nor the scan's end could be written (SQLITE_FULL): the end waits.
    expect(logged(st, 'capture-page-failed')).toMatch(/database or disk is full/);
    expect(logged(st, 'capture-scan-end-deferred')).toMatch(/database or disk is full/);
    const intact = await expectIntact(st);
    expect(intact.pages).toBe(2);

    // Below the floor: the status bar says so, and a new scan is refused before the feeder moves.
    expect(storageCell(st)).toMatchObject({ state: 'space_critical', health: 'fault' });
    const refused = await ds!.scan(a.id);
    expect(refused.status).toBe(412);
    expect(refused.body.error.message).toBe('storage.refuse.spaceCritical');
    expect(JSON.stringify(refused.body)).not.toMatch(/SQLITE_FULL|at .*\.ts:\d+/);

    // Until then the acta is still held by its unfinished scan.
    expect(workflow.get(a.id).acta.scanning).toBe(true);

    // Space freed (the volume enlarged): the next storage sample ends the scan and frees the acta...
    remount(mount.dir, 'size=128m');
    await expect.poll(() => workflow.get(a.id).acta.scanning, { timeout: 5_000, interval: 50 }).toBe(false);
    expect(logged(st, 'capture-scan-end-settled')).toContain('"outcome":"fault"');
    expect(workflow.history(a.id).at(-1)).toMatchObject({
      action: 'acta.scanEnd',
      details: { outcome: 'fault', error: 'storage.error.diskFull' },
    });
    // ...and the screen, still holding the version the fault answered with, scans the same acta
    // without restarting the core.
    const again = await rpc(st.core, ds!.cookie, 'mutation', 'actas.scan', {
      actaId: a.id,
      version: full.body.result.data.acta.version,
    });
    expect(again.body.result.data).toMatchObject({ kind: 'digitalizada', acta: { state: 'digitalizada' } });
    expect((await expectIntact(st)).pages).toBe(3);
    expect(storageCell(st)).toMatchObject({ state: 'writable', health: 'ok' });
  });
});
