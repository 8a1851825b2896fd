// What every scanner driver shares: the status cell the status bar watches, the health of each
// state, the one-batch-at-a-time rule and the scan log lines with stable event ids.
import { CellDevice, StatusCell } from '../../platform/device';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Health } from '../../../shared/domain';
import { PageChannel, failedJob } from './page-channel';
import {
  ScanOptionsSchema,
  type ListDevicesResult,
  type ScanJob,
  type ScanOptions,
  type ScanOutcome,
  type ScanRequest,
  type ScannedPage,
  type ScannerDriver,
  type ScannerDriverName,
  type ScannerState,
} from './types';

export const SCANNER_HEALTH: Record<ScannerState, Health> = {
  ready: 'ok',
  scanning: 'ok',
  feeder_empty: 'warning',
  cover_open: 'warning',
  jammed: 'fault',
  error: 'fault',
  disconnected: 'offline',
};

/** Message key shown with each fault state (the catalogue gives what happened and what to do). */
export const SCANNER_ERROR_KEY: Record<Exclude<ScannerState, 'ready' | 'scanning'>, string> = {
  jammed: 'scanner.error.jammed',
  feeder_empty: 'scanner.error.feederEmpty',
  cover_open: 'scanner.error.coverOpen',
  disconnected: 'scanner.error.disconnected',
  error: 'scanner.error.device',
};

/** States a batch can leave behind that only the operator clears (the device cannot tell us). */
export const STICKY_STATES: ReadonlySet<ScannerState> = new Set(['jammed', 'feeder_empty', 'cover_open']);

export interface ActiveBatch {
  channel: PageChannel;
  options: ScanOptions;
  /** Driver-specific: stop the device side (kill the process, DELETE the job...). */
  abort: () => Promise<void>;
  cancelled: boolean;
  /** Sheets the batch will hold, when the driver knows (set before the first page is pushed). */
  expected?: number;
  /** Message key of something the operator should know although the batch went fine (a file set aside). */
  warning?: string;
}

export abstract class ScannerBase extends CellDevice implements ScannerDriver {
  readonly kind = 'scanner' as const;
  abstract readonly driverName: ScannerDriverName;
  protected active: ActiveBatch | undefined;

  protected constructor(
    protected readonly clock: Clock,
    protected readonly log: Logger | undefined,
    init: { driver: ScannerDriverName; name: string; values?: Record<string, number> },
  ) {
    super(
      new StatusCell(clock, {
        kind: 'scanner',
        driver: init.driver,
        name: init.name,
        state: 'ready',
        health: 'ok',
        values: init.values ?? {},
        lastError: null,
      }),
    );
  }

  abstract listDevices(): Promise<ListDevicesResult>;

  /** Runs the batch; pushes pages into `batch.channel` and returns how it ended. Must not throw. */
  protected abstract runBatch(batch: ActiveBatch): Promise<ScanOutcome>;

  protected setState(
    state: ScannerState,
    error: string | null = null,
    values?: Record<string, number>,
  ): void {
    const prev = this.cell.get().state;
    this.cell.set({ state, health: SCANNER_HEALTH[state], lastError: error, values });
    if (prev !== state)
      this.log?.info('scanner-state', { driver: this.driverName, from: prev, to: state, error });
  }

  protected get state(): ScannerState {
    return this.cell.get().state as ScannerState;
  }

  scan(request: ScanRequest, onPage?: (page: ScannedPage) => void): ScanJob {
    const parsed = ScanOptionsSchema.safeParse(request);
    if (!parsed.success) {
      return failedJob(this.clock, {
        kind: 'failed',
        pages: 0,
        state: this.state,
        error: 'scanner.error.badOptions',
      });
    }
    if (this.active) {
      return failedJob(this.clock, {
        kind: 'failed',
        pages: 0,
        state: this.state,
        error: 'scanner.error.busy',
      });
    }
    const channel = new PageChannel(this.clock, onPage);
    const batch: ActiveBatch = { channel, options: parsed.data, abort: async () => {}, cancelled: false };
    this.active = batch;
    const startedAt = this.clock.now().getTime();
    this.log?.info('scanner-scan-init', { driver: this.driverName, ...parsed.data });
    this.setState('scanning', null);
    void this.runBatch(batch)
      .catch((err: unknown): ScanOutcome => {
        // A driver bug must still end the batch as a value the operator sees, not a hung screen.
        this.log?.error('scanner-scan-bug', { driver: this.driverName, error: String(err) });
        return {
          kind: 'failed',
          pages: channel.pagesDelivered,
          state: 'error',
          error: 'scanner.error.device',
        };
      })
      .then((raw) => {
        const outcome: ScanOutcome = batch.cancelled
          ? { kind: 'cancelled', pages: channel.pagesDelivered }
          : raw;
        if (this.active === batch) this.active = undefined;
        if (outcome.kind === 'failed') this.setState(outcome.state, outcome.error);
        else if (this.state === 'scanning') this.setState('ready', batch.warning ?? null);
        channel.finish(outcome);
        this.log?.info('scanner-scan-complete', {
          driver: this.driverName,
          outcome: outcome.kind,
          pages: outcome.pages,
          error: outcome.kind === 'failed' ? outcome.error : null,
          ms: this.clock.now().getTime() - startedAt,
        });
      });
    const job = channel.job(() => this.cancelBatch(batch));
    return Object.defineProperty(job, 'expectedPages', { get: () => batch.expected, enumerable: true });
  }

  async cancel(): Promise<void> {
    if (this.active) await this.cancelBatch(this.active);
  }

  private async cancelBatch(batch: ActiveBatch): Promise<void> {
    if (batch.channel.finished) return;
    batch.cancelled = true;
    this.log?.info('scanner-cancel', { driver: this.driverName, pages: batch.channel.pagesDelivered });
    try {
      await batch.abort();
    } catch (err) {
      this.log?.warn('scanner-cancel-failed', { driver: this.driverName, error: String(err) });
    }
    await batch.channel.done;
  }
}
