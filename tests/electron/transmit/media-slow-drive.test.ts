// A night's worth of actas to a slow USB stick: the core keeps answering while it writes, the
// central accepts every acta on the drive, and an export cancelled or cut short leaves nothing on
// the drive that the central's import would take (the actas simply stay pending).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStation, type TestStation } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';
import { makeActa } from './fixtures';
import { enrolStation, loadOrCreateCentralKey } from '../../../central/keys';
import { CentralStore } from '../../../central/store';
import { findExportFolders, importMediaFolder } from '../../../central/import';
import { keyFiles } from '../../../electron/security/station-key';
import { nodeMediaFs, type MediaFs } from '../../../electron/transmit/media-fs';
import type { ExportResult } from '../../../electron/transmit/media';

const N = 500;
/** Each write and each fsync on the stand-in stick takes this long (a cheap USB 2.0 stick). */
const DELAY_MS = 3;

let st: TestStation;
let centralDir: string;

/** The real drive operations, each write and fsync delayed; optionally the stick pulled out. */
function slowDrive(opts: { pulledOutAfterWrites?: number; noCleanup?: boolean } = {}): MediaFs & {
  writes: number;
} {
  const drive = {
    ...nodeMediaFs,
    writes: 0,
    create: async (file: string) => {
      const f = await nodeMediaFs.create(file);
      return {
        write: async (bytes: Uint8Array) => {
          await sleep(DELAY_MS);
          if (opts.pulledOutAfterWrites !== undefined && drive.writes >= opts.pulledOutAfterWrites)
            throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
          drive.writes++;
          await f.write(bytes);
        },
        sync: async () => {
          await sleep(DELAY_MS);
          await f.sync();
        },
        close: () => f.close(),
      };
    },
    // A power cut: the core never got to clean up.
    remove: opts.noCleanup ? async () => undefined : nodeMediaFs.remove,
  };
  return drive;
}

function startExport(drive: string, mfs: MediaFs): Promise<ExportResult> {
  const { services } = st.core;
  const started = services.mediaExport.start(
    drive,
    { stationId: services.config.station.id, key: services.stationKey, clock: services.clock, fs: mfs },
    () => undefined,
  );
  if (!started) throw new Error('an export is already running');
  return started.finished;
}

/**
 * CPU time of this process's main thread (the event loop's), in ms: Linux's schedstat counts the
 * thread that reads /proc/self/schedstat, not the threadpool's writes and fsyncs nor the GC's
 * helpers. Where it cannot be read, the whole process's CPU (an over-estimate).
 */
function mainThreadCpuMs(): number {
  try {
    return Number(fs.readFileSync('/proc/self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  }
}

/**
 * The longest the event loop was held by work: between two ticks of a 5 ms timer, the CPU the
 * main thread used. A tick that came late while it used little CPU was the machine's other load
 * (on 2 cores shared with other suites), not the core blocking: counting the whole process's CPU
 * instead made the threadpool's writes during such a late tick look like a blocked loop (97 ms
 * on a loaded CI machine). The plain delay (monitorEventLoopDelay) is reported beside it.
 */
function watchLoopWork(): { stop(): { maxBusyMs: number; maxLateMs: number } } {
  const every = 5;
  let last = performance.now();
  let lastCpu = mainThreadCpuMs();
  let maxBusyMs = 0;
  let maxLateMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = mainThreadCpuMs();
    maxLateMs = Math.max(maxLateMs, now - last - every);
    maxBusyMs = Math.max(maxBusyMs, cpu - lastCpu);
    last = now;
    lastCpu = cpu;
  }, every);
  return {
    stop: () => {
      clearInterval(timer);
      return { maxBusyMs, maxLateMs };
    },
  };
}

/** What `catd central import DRIVE` would find and accept on the drive. */
async function centralImport(
  drive: string,
  dir = centralDir,
): Promise<{ folders: number; created: number; refused: number }> {
  const store = await CentralStore.open(dir);
  try {
    let created = 0;
    let refused = 0;
    const folders = findExportFolders(drive);
    for (const f of folders) {
      const s = await importMediaFolder(store, f);
      created += s.created;
      refused += s.refused.length + (s.error ? 1 : 0);
    }
    return { folders: folders.length, created, refused };
  } finally {
    store.close();
  }
}

/** A central that knows this station and has received nothing. */
function freshCentral(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-central-'));
  enrolStation(dir, st.core.config.station.id, keyFiles(st.dataDir).publicFile);
  loadOrCreateCentralKey(dir);
  return dir;
}

beforeAll(async () => {
  st = await startTestStation();
  centralDir = freshCentral();
  const stationId = st.core.config.station.id;
  for (let i = 0; i < N; i++) {
    const r = st.core.services.outbox.enqueue({ ...makeActa(st.dataDir, i, 24 * 1024, 1), stationId });
    if (!r.ok) throw new Error(r.error.messageKey);
  }
});
afterAll(async () => {
  await st.stop();
  fs.rmSync(centralDir, { recursive: true, force: true });
});

it('a cancelled export leaves nothing on the drive and every acta pending', async () => {
  const drive = tempDir('catd-usb-');
  const finished = startExport(drive, slowDrive());
  await expect
    .poll(() => st.core.services.mediaExport.current()?.progress?.done ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(100);
  expect(st.core.services.mediaExport.cancel()).toBe(true);
  const r = await finished;
  expect(r.ok ? 'done' : r.error.code).toBe('cancelled');
  expect(st.core.services.mediaExport.current()?.state).toBe('cancelled');
  expect(fs.readdirSync(drive)).toEqual([]);
  expect(await centralImport(drive)).toEqual({ folders: 0, created: 0, refused: 0 });
  expect(st.core.services.outbox.sendable()).toHaveLength(N);
});

it('a stick pulled out, or a power cut mid-way, leaves no folder the central would import', async () => {
  const pulled = tempDir('catd-usb-');
  const r = await startExport(pulled, slowDrive({ pulledOutAfterWrites: 200 }));
  expect(r.ok ? 'done' : r.error.code).toBe('write');
  expect(fs.readdirSync(pulled)).toEqual([]);

  // Power cut: the half-written folder stays (hidden), with 200 complete files in it.
  const cut = tempDir('catd-usb-');
  await startExport(cut, slowDrive({ pulledOutAfterWrites: 200, noCleanup: true }));
  const left = fs.readdirSync(cut);
  expect(left).toHaveLength(1);
  expect(left[0]).toMatch(/^\..*\.partial$/);
  expect(await centralImport(cut)).toEqual({ folders: 0, created: 0, refused: 0 });
  // Even pointed straight at the half-written folder, the import finds nothing to take.
  expect(findExportFolders(path.join(cut, left[0]!))).toEqual([]);
  expect(st.core.services.outbox.sendable()).toHaveLength(N);
  // The next export to that drive clears what the cut left.
  const again = await startExport(cut, slowDrive({ pulledOutAfterWrites: 10 }));
  expect(again.ok).toBe(false);
  expect(fs.readdirSync(cut)).toEqual([]);
});

// One retry: a timing bound on a 2-core machine shared with the other test worker. It measured
// 20–33 ms alone and 51.8 ms once in a clean-clone run (Node 24); a core that really blocks fails twice.
it(
  `exports ${N} actas to a slow stick with the core answering throughout, and the central takes them all`,
  // 500 exports to a slow stick and 500 imports: over a minute on a loaded 2-core machine (it timed out at 60 s in CI).
  { retry: 1, timeout: 180_000 },
  async () => {
    // Its own central and its own count of audited exports: a retry starts from nothing.
    const central = freshCentral();
    const exportedBefore = [...st.core.services.audit.entries()].filter(
      (e) => e.action === 'acta.exported',
    ).length;
    const drive = tempDir('catd-usb-');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    let healthChecks = 0;
    let slowestHealthMs = 0;
    let exporting = true;
    // The core's own /healthz, asked over HTTP the whole time (the UPS poller and the screens would be too).
    const health = (async () => {
      while (exporting) {
        const t0 = performance.now();
        const res = await fetch(`${st.core.origin}/healthz`);
        if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
        slowestHealthMs = Math.max(slowestHealthMs, performance.now() - t0);
        healthChecks++;
        await sleep(25);
      }
    })();
    const mfs = slowDrive();
    loop.enable();
    const work = watchLoopWork();
    const t0 = performance.now();
    let r: ExportResult;
    let worst = { maxBusyMs: 0, maxLateMs: 0 };
    try {
      r = await startExport(drive, mfs);
    } finally {
      loop.disable();
      worst = work.stop();
      exporting = false;
      await health;
    }
    const exportMs = performance.now() - t0;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.detail}`);
    const maxLoopMs = loop.max / 1e6;
    console.log(
      `export of ${N} actas (${mfs.writes} writes) in ${Math.round(exportMs)} ms; event loop max ` +
        `${maxLoopMs.toFixed(1)} ms p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms; ` +
        `longest busy stretch ${worst.maxBusyMs.toFixed(1)} ms; ` +
        `${healthChecks} /healthz answered, slowest ${slowestHealthMs.toFixed(1)} ms; load ${os.loadavg()[0]!.toFixed(1)}`,
    );
    expect(r.value.actas).toBe(N);
    // The stick really was slow: 500 images + 500 manifests, each write and fsync delayed.
    expect(exportMs).toBeGreaterThan(2 * N * 2 * DELAY_MS);
    expect(healthChecks).toBeGreaterThan(20);
    // Never held by the export's own work for over 50 ms (on a quiet machine the plain delay's max
    // stays under it too; on a loaded one, the other processes' share of the 2 cores adds to it).
    expect(worst.maxBusyMs).toBeLessThanOrEqual(50);
    expect(fs.readdirSync(drive)).toEqual([path.basename(r.value.folder)]);
    expect(await centralImport(drive, central)).toEqual({ folders: 1, created: N, refused: 0 });
    fs.rmSync(central, { recursive: true, force: true });
    const exported = [...st.core.services.audit.entries()].filter((e) => e.action === 'acta.exported');
    expect(exported).toHaveLength(exportedBefore + N);
  },
);
