// Free space and writability of the station's data folder (database, images, previews), shown in
// the status bar like a device. A station that fills its disk on election night loses scans, so
// the supervisor is warned well before (space_low), new scans are refused below a hard floor
// (space_critical) instead of failing half-way, and a read-only file system is named as such.
import fs from 'node:fs';
import { z } from 'zod';
import { CellDevice, StatusCell } from '../platform/device';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { err, ok, type Result } from '../platform/result';
import type { DeviceStatus, Health, STORAGE_STATES } from '../../shared/domain';
import { STORAGE_MESSAGE_KEYS, type StorageProblem } from './storage-errors';

export type StorageState = (typeof STORAGE_STATES)[number];

const MB = 1024 * 1024;

/** How often free space is sampled for the status bar (a scan start samples it again itself). */
export const STORAGE_SAMPLE_INTERVAL_MS = 15_000;

export const StorageConfigSchema = z
  .object({
    /** Below this many free bytes the status bar warns (space_low). */
    warnFreeBytes: z
      .number()
      .int()
      .min(0)
      .default(500 * MB),
    /** ...or below this share of the file system free. */
    warnFreePercent: z.number().min(0).max(100).default(10),
    /**
     * Hard floor: below it no scan starts (space_critical). An acta is at most a few pages of a
     * few MB each, plus the database's write-ahead log: 200 MB leaves room to finish and export.
     */
    minFreeBytes: z
      .number()
      .int()
      .min(0)
      .default(200 * MB),
    sampleIntervalMs: z.number().int().min(100).default(STORAGE_SAMPLE_INTERVAL_MS),
  })
  .strict();
export type StorageConfig = z.infer<typeof StorageConfigSchema>;

/** Ok, or the message key of why a scan may not start (the pipeline's ScanPermission). */
export type StoragePermission = Result<void, string>;

export const STORAGE_REFUSE_KEYS = {
  spaceCritical: 'storage.refuse.spaceCritical',
  readOnly: 'storage.refuse.readOnly',
  unavailable: 'storage.refuse.unavailable',
} as const;

interface Sample {
  state: StorageState;
  health: Health;
  values: Record<string, number>;
  lastError: string | null;
}

const HEALTH: Record<StorageState, Health> = {
  writable: 'ok',
  space_low: 'warning',
  space_critical: 'fault',
  read_only: 'fault',
  error: 'fault',
};

const round1 = (n: number) => Math.round(n * 10) / 10;

export class StorageMonitor extends CellDevice {
  readonly kind = 'storage' as const;
  private readonly config: StorageConfig;
  private timer: NodeJS.Timeout | undefined;
  private readonly log: Logger | undefined;

  /** `dirs`: every folder the station writes to (data folder, blob folder); the worst one counts. */
  constructor(
    private readonly dirs: readonly string[],
    opts: { clock: Clock; config?: Partial<StorageConfig>; log?: Logger },
  ) {
    super(
      new StatusCell(opts.clock, {
        kind: 'storage',
        driver: 'statfs',
        name: dirs[0] ?? '',
        state: 'writable',
        health: 'unknown',
        values: {},
        lastError: null,
      }),
    );
    this.config = StorageConfigSchema.parse(opts.config ?? {});
    this.log = opts.log;
    this.sample();
  }

  override start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sample(), this.config.sampleIntervalMs);
    this.timer.unref();
  }

  override async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Looks at the folders now (statfs and a write-access check: microseconds) and updates the cell. */
  sample(): DeviceStatus {
    let worst: Sample | null = null;
    for (const dir of this.dirs) {
      const s = this.sampleDir(dir);
      if (!worst || rank(s) > rank(worst)) worst = s;
    }
    if (worst) {
      const prev = this.cell.get().state;
      this.cell.set(worst);
      if (prev !== worst.state)
        this.log?.[worst.health === 'ok' ? 'info' : 'warn']('storage-state', {
          state: worst.state,
          ...worst.values,
        });
    }
    return this.cell.get();
  }

  /** A fresh look decides whether a scan may start: refused before the feeder moves, not half-way. */
  canStartScan(): StoragePermission {
    const s = this.sample();
    switch (s.state as StorageState) {
      case 'writable':
      case 'space_low':
        return ok();
      case 'space_critical':
        return err(STORAGE_REFUSE_KEYS.spaceCritical);
      case 'read_only':
        return err(STORAGE_REFUSE_KEYS.readOnly);
      case 'error':
        return err(STORAGE_REFUSE_KEYS.unavailable);
    }
  }

  /**
   * A write just failed: look again at once, so the status bar says so now rather than at the next
   * sample. Returns the problem as the folder shows it: SQLite reports EROFS as a generic I/O
   * error, and the folder then says read_only.
   */
  noteFailure(problem: StorageProblem): StorageProblem {
    const s = this.sample();
    if (s.state === 'read_only') return 'readOnly';
    if (problem === 'diskFull' && s.health === 'ok') {
      // The page was bigger than what was left, though the floor was not reached yet.
      this.cell.set({ state: 'space_low', health: 'warning', lastError: STORAGE_MESSAGE_KEYS.diskFull });
    }
    return problem;
  }

  private sampleDir(dir: string): Sample {
    let st: fs.StatsFs;
    try {
      st = fs.statfsSync(dir);
    } catch (err) {
      this.log?.warn('storage-statfs-failed', { dir, error: String(err) });
      return { state: 'error', health: 'fault', values: {}, lastError: 'storage.error.unavailable' };
    }
    const free = st.bavail * st.bsize;
    const total = st.blocks * st.bsize;
    const freePercent = total > 0 ? (free / total) * 100 : 0;
    const values = {
      freeMegabytes: round1(free / MB),
      totalMegabytes: round1(total / MB),
      freePercent: round1(freePercent),
    };
    try {
      // access(2) answers EROFS for a read-only mount even to root, without writing anything.
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      const readOnly = (err as { code?: string }).code === 'EROFS';
      return {
        state: readOnly ? 'read_only' : 'error',
        health: 'fault',
        values,
        lastError: readOnly ? STORAGE_MESSAGE_KEYS.readOnly : 'storage.error.unavailable',
      };
    }
    const c = this.config;
    if (free < c.minFreeBytes)
      return {
        state: 'space_critical',
        health: HEALTH.space_critical,
        values,
        lastError: STORAGE_REFUSE_KEYS.spaceCritical,
      };
    if (free < c.warnFreeBytes || freePercent < c.warnFreePercent)
      return { state: 'space_low', health: HEALTH.space_low, values, lastError: 'storage.warning.spaceLow' };
    return { state: 'writable', health: HEALTH.writable, values, lastError: null };
  }
}

const RANK: Record<StorageState, number> = {
  writable: 0,
  space_low: 1,
  space_critical: 2,
  read_only: 3,
  error: 4,
};
function rank(s: Sample): number {
  return RANK[s.state];
}
