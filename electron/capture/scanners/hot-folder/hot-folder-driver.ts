// Hot folder: scanners that save each sheet as a file (to a local folder or a network share).
// A file is taken only when it is complete: its size and mtime unchanged for the settle time
// AND its bytes end as a complete image/PDF; names that writers use while writing (.tmp,
// .part, ~$x, dot-files) are never looked at, so rename-into-place writers work too. Each
// taken file is moved to the processed folder, so it is taken once even across restarts.
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../../platform/clock';
import type { Logger } from '../../../platform/logger';
import { err, ok } from '../../../platform/result';
import {
  HotFolderScannerConfigSchema,
  type HotFolderScannerConfig,
  type HotFolderScannerConfigInput,
} from '../config';
import { ScannerBase, type ActiveBatch } from '../scanner-base';
import { checkPage } from '../page-signature';
import type { ListDevicesResult, ScanOutcome } from '../types';

/** How often the folder is checked for presence outside a batch (a share that dropped). */
export const HOT_FOLDER_PROBE_INTERVAL_MS = 5_000;
/**
 * A file whose size is stable but whose end marker never comes (a writer that died) is set
 * aside after this many settle intervals, so it does not block the batch forever.
 */
export const HOT_FOLDER_TRUNCATED_SETTLES = 10;

const WRITING_NAME = /^[.~]|\.(tmp|temp|part|partial|crdownload|download|filepart|swp|lock)$/i;

interface Candidate {
  size: number;
  mtimeMs: number;
  stableSince: number;
}

export interface HotFolderScannerOptions {
  clock: Clock;
  log?: Logger;
}

export class HotFolderScanner extends ScannerBase {
  readonly driverName = 'hot-folder' as const;
  private readonly config: HotFolderScannerConfig;
  private readonly processed: string;
  private readonly rejected: string;
  private probeTimer: NodeJS.Timeout | undefined;
  /** Files that could not be moved (read-only share): remembered so each is still taken once. */
  private readonly taken = new Set<string>();

  constructor(config: Omit<HotFolderScannerConfigInput, 'driver'>, opts: HotFolderScannerOptions) {
    super(opts.clock, opts.log?.child({ part: 'scanner', driver: 'hot-folder' }), {
      driver: 'hot-folder',
      name: `Carpeta ${config.folder}`,
    });
    this.config = HotFolderScannerConfigSchema.parse({ ...config, driver: 'hot-folder' });
    this.processed = this.config.processedFolder ?? path.join(this.config.folder, 'procesados');
    this.rejected = this.config.rejectedFolder ?? path.join(this.config.folder, 'rechazados');
  }

  override start(): void {
    void this.probe();
    this.probeTimer = setInterval(() => void this.probe(), HOT_FOLDER_PROBE_INTERVAL_MS);
    this.probeTimer.unref();
  }

  override async stop(): Promise<void> {
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    await this.cancel();
  }

  async listDevices(): Promise<ListDevicesResult> {
    return (await this.folderUsable())
      ? ok([{ id: this.config.folder, name: `Carpeta ${this.config.folder}` }])
      : err('scanner.error.folderMissing');
  }

  private async folderUsable(): Promise<boolean> {
    try {
      const st = await fs.promises.stat(this.config.folder);
      if (!st.isDirectory()) return false;
      await fs.promises.access(this.config.folder, fs.constants.R_OK | fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }

  async probe(): Promise<void> {
    if (this.active) return;
    const ok = await this.folderUsable();
    if (this.active) return;
    if (!ok) this.setState('disconnected', 'scanner.error.folderMissing');
    else if (this.state === 'disconnected') this.setState('ready', null);
  }

  protected async runBatch(batch: ActiveBatch): Promise<ScanOutcome> {
    const cfg = this.config;
    const now = () => this.clock.now().getTime();
    const candidates = new Map<string, Candidate>();
    const limit = batch.options.maxPages ?? Infinity;
    const started = now();
    let lastPageAt: number | undefined;
    let wake: () => void = () => {};
    batch.abort = async () => wake();

    // Checked first: mkdir -p below would otherwise recreate an unmounted share's mount point.
    if (!(await this.folderUsable())) {
      return { kind: 'failed', pages: 0, state: 'disconnected', error: 'scanner.error.folderMissing' };
    }
    try {
      await fs.promises.mkdir(this.processed, { recursive: true });
      await fs.promises.mkdir(this.rejected, { recursive: true });
    } catch {
      return { kind: 'failed', pages: 0, state: 'disconnected', error: 'scanner.error.folderMissing' };
    }

    while (!batch.cancelled) {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(cfg.folder, { withFileTypes: true });
      } catch {
        return {
          kind: 'failed',
          pages: batch.channel.pagesDelivered,
          state: 'disconnected',
          error: 'scanner.error.folderMissing',
        };
      }
      const seen = new Set<string>();
      const ready: Array<{ name: string; mtimeMs: number }> = [];
      // One instant for the whole listing: files seen together settle together, so they are
      // sorted oldest first as one lot. (Read per file, a slow stat on a loaded machine let the
      // first names listed settle a poll earlier and go first, whatever their age.)
      const polledAt = now();
      for (const e of entries) {
        if (!e.isFile() || WRITING_NAME.test(e.name)) continue;
        seen.add(e.name);
        let st: fs.Stats;
        try {
          st = await fs.promises.stat(path.join(cfg.folder, e.name));
        } catch {
          continue; // renamed or deleted between readdir and stat
        }
        if (this.taken.has(takenKey(e.name, st))) continue;
        const prev = candidates.get(e.name);
        if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
          candidates.set(e.name, { size: st.size, mtimeMs: st.mtimeMs, stableSince: polledAt });
        } else if (st.size > 0 && polledAt - prev.stableSince >= cfg.settleMs) {
          ready.push({ name: e.name, mtimeMs: st.mtimeMs });
        }
      }
      for (const name of candidates.keys()) if (!seen.has(name)) candidates.delete(name);

      // Oldest first: the order the device wrote them is the order the sheets went through.
      ready.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
      for (const { name } of ready) {
        if (batch.cancelled || batch.channel.pagesDelivered >= limit) break;
        const verdict = await this.take(name, candidates.get(name)!);
        if (verdict === 'wait') continue;
        candidates.delete(name);
        if (verdict === 'page') lastPageAt = now();
      }

      const pages = batch.channel.pagesDelivered;
      if (pages >= limit) return { kind: 'completed', pages };
      if (lastPageAt !== undefined && now() - lastPageAt >= cfg.batchIdleMs)
        return { kind: 'completed', pages };
      if (lastPageAt === undefined && now() - started >= cfg.firstPageTimeoutMs) {
        return { kind: 'failed', pages: 0, state: 'ready', error: 'scanner.error.noPages' };
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, cfg.pollIntervalMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return { kind: 'cancelled', pages: batch.channel.pagesDelivered };
  }

  /** Reads a settled file: a page is delivered and moved, garbage is set aside, a half file waits. */
  private async take(name: string, cand: Candidate): Promise<'page' | 'rejected' | 'wait'> {
    const file = path.join(this.config.folder, name);
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
    } catch {
      return 'wait';
    }
    // The file changed while we read it: the writer is still at work.
    if (bytes.length !== cand.size) return 'wait';
    const check = checkPage(bytes);
    if (!check.ok && check.error === 'truncated') {
      const waited = this.clock.now().getTime() - cand.stableSince;
      if (waited < this.config.settleMs * HOT_FOLDER_TRUNCATED_SETTLES) return 'wait';
    }
    if (!check.ok) {
      await this.moveAside(file, this.rejected, name, cand);
      const error = check.error === 'unknown' ? 'scanner.error.notAnImage' : 'scanner.error.badPage';
      this.log?.warn('scanner-hot-folder-rejected', { file: name, reason: check.error });
      this.cell.set({ state: this.state, health: this.cell.get().health, lastError: `${error}:${name}` });
      if (this.active) this.active.warning = `${error}:${name}`;
      return 'rejected';
    }
    await this.moveAside(file, this.processed, name, cand);
    this.active?.channel.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), check.value);
    return 'page';
  }

  private async moveAside(file: string, dir: string, name: string, cand: Candidate): Promise<void> {
    try {
      await this.move(file, dir, name);
    } catch (err) {
      this.taken.add(takenKey(name, cand));
      this.log?.warn('scanner-hot-folder-move-failed', {
        file: name,
        error: (err as NodeJS.ErrnoException).code,
      });
    }
  }

  private async move(file: string, dir: string, name: string): Promise<void> {
    let target = path.join(dir, name);
    if (fs.existsSync(target)) {
      const ext = path.extname(name);
      target = path.join(dir, `${path.basename(name, ext)}-${this.clock.now().getTime()}${ext}`);
    }
    try {
      await fs.promises.rename(file, target);
    } catch (err) {
      // A processed folder on another volume: copy then remove, so the file still leaves the hot folder.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await fs.promises.copyFile(file, target);
      await fs.promises.unlink(file);
    }
  }
}

function takenKey(name: string, st: { size: number; mtimeMs: number }): string {
  return `${name}|${st.size}|${st.mtimeMs}`;
}
