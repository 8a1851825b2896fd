// The image folder turns read-only during a scan (a disk the kernel remounted read-only after an
// error), on a real core: the operator gets "solo lectura" (not a 500), nothing stored is damaged,
// new scans are refused up front while it lasts, and once it is writable again the same acta
// scans without restarting the core.
//
// Linux refuses to remount a file system read-only while a process holds a file open for writing
// (EBUSY, checked: SQLite keeps its database and WAL open). So the data folder is a small tmpfs and
// the blob folder a bind mount of itself on it, which can flip read-only on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { ScanProgress } from '../../../../electron/capture/pipeline';
import {
  expectIntact,
  expectStorageFault,
  mountTmpfs,
  remount,
  startDiskStation,
  storageCell,
  unmount,
  type DiskStation,
} from './storage-rig';

// Room for a few pages (a clean 300-dpi grey acta is about 2.5 MB as PNG): space is not the point here.
const mount = mountTmpfs(24);
const blobsDir = path.join(mount.dir, 'blobs');
let bound = false;
let skipReason = mount.ok ? null : mount.reason;
if (mount.ok) {
  try {
    fs.mkdirSync(blobsDir, { mode: 0o700 });
    execFileSync('mount', ['--bind', blobsDir, blobsDir], { stdio: 'pipe' });
    bound = true;
  } catch (err) {
    skipReason = `bind mount failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}`;
  }
}
if (skipReason) console.warn(`read-only tests skipped: ${skipReason}`);

let ds: DiskStation | undefined;
beforeAll(async () => {
  if (!skipReason) ds = await startDiskStation(mount.dir);
});
afterAll(async () => {
  try {
    // The bind mount goes first: the station's cleanup cannot remove a mount point.
    if (bound) unmount(blobsDir);
    bound = false;
    await ds?.st.stop();
  } finally {
    if (bound) unmount(blobsDir);
    unmount(mount.dir);
  }
});

describe.skipIf(skipReason !== null)('read-only disk during a scan', () => {
  it('says "solo lectura", keeps what was stored, refuses new scans, and resumes once writable', async () => {
    const { st } = ds!;
    const { workflow, pipeline } = st.core.services;
    const before = ds!.receive(4201);
    const ok = await ds!.scan(before.id);
    expect(ok.body.result.data).toMatchObject({ kind: 'digitalizada' });

    // The sheet is in the scanner when the folder turns read-only.
    const a = ds!.receive(4202);
    const off = pipeline.onProgress((e: ScanProgress) => {
      if (e.type === 'pageReceived' && e.actaId === a.id) remount(blobsDir, 'bind,ro');
    });
    const ro = await ds!.scan(a.id);
    off();
    expectStorageFault(ro, 'storage.error.readOnly', /EROFS|at .*\.ts:\d+/);
    expect(workflow.history(a.id).at(-1)).toMatchObject({
      action: 'acta.scanEnd',
      details: { outcome: 'fault', error: 'storage.error.readOnly' },
    });
    expect((await expectIntact(st)).pages).toBe(1);
    expect(workflow.get(before.id).acta.state).toBe('digitalizada');

    // While it lasts: the status bar says so, and a new scan is refused before the feeder moves.
    expect(storageCell(st)).toMatchObject({
      kind: 'storage',
      state: 'read_only',
      health: 'fault',
      lastError: 'storage.error.readOnly',
    });
    const refused = await ds!.scan(a.id);
    expect(refused.status).toBe(412);
    expect(refused.body.error.message).toBe('storage.refuse.readOnly');
    expect(workflow.history(a.id).at(-1)).toMatchObject({ action: 'acta.scanEnd' });

    // Writable again: the same acta scans, same core.
    remount(blobsDir, 'bind,rw');
    const again = await ds!.scan(a.id);
    expect(again.body.result.data).toMatchObject({ kind: 'digitalizada', acta: { state: 'digitalizada' } });
    expect((await expectIntact(st)).pages).toBe(2);
    expect(storageCell(st)).toMatchObject({ state: 'writable', health: 'ok', lastError: null });
  });
});
