// Simulated document scanner: the default scanner of `npm start` on a machine with no hardware.
// It feeds sheets from a pluggable page source (a plain page by default; sim/compose.ts plugs in
// the realistic acta generator of sim/acta/) and can be told to jam, run empty, have its cover open
// or drop off the bus, so the UI and end-to-end tests can show every state the operator meets.
import { ScannerBase, type ActiveBatch } from '../../electron/capture/scanners/scanner-base';
import {
  SimulatedScannerConfigSchema,
  type SimulatedScannerConfig,
  type SimulatedScannerConfigInput,
  type SimulatedScannerFaults,
} from '../../electron/capture/scanners/config';
import { checkPage } from '../../electron/capture/scanners/page-signature';
import type {
  ListDevicesResult,
  ScanOptions,
  ScanOutcome,
  ScannerState,
} from '../../electron/capture/scanners/types';
import type { Clock } from '../../electron/platform/clock';
import type { Logger } from '../../electron/platform/logger';
import { ok } from '../../electron/platform/result';
import { plainPage, type SimPage } from '../scanner/plain-page';

/** Gets the image of sheet `index` (1-based in the batch); options say resolution and mode asked for. */
export type SimPageSource = (index: number, options: ScanOptions) => Promise<SimPage>;

export const defaultSimPageSource: SimPageSource = (index, o) =>
  plainPage(index, { dpi: o.resolutionDpi, mode: o.mode, heightIn: o.pageSize === 'legal' ? 14 : 11 });

export interface SimulatedScannerOptions {
  config?: Omit<SimulatedScannerConfigInput, 'driver'>;
  pageSource?: SimPageSource;
  log?: Logger;
  /**
   * Training: a jam is cleared by the trainee's next press of Escanear (the screen's advice: take
   * the sheet out, smooth it, put it back, press Escanear), as a real feeder's jam clears when the
   * paper is out. Elsewhere a jam stays until clearJam() (the demo's and tests' hands).
   */
  jamClearsOnScan?: boolean;
}

export class SimulatedScanner extends ScannerBase {
  readonly driverName = 'simulated' as const;
  private readonly config: SimulatedScannerConfig;
  private readonly pageSource: SimPageSource;
  private sheets: number;
  private faults: SimulatedScannerFaults;
  private jammed = false;
  private unplugged = false;
  /** Set when a feeder batch found the tray empty; cleared by loading sheets (as eSCL's sensor). */
  private emptyReported = false;
  private readonly jamClearsOnScan: boolean;
  /** Sheets fed since start, and the session sheet numbers before which the feeder jams (training). */
  private fed = 0;
  private jamSheets = new Set<number>();

  constructor(clock: Clock, opts: SimulatedScannerOptions = {}) {
    super(clock, opts.log?.child({ part: 'scanner', driver: 'simulated' }), {
      driver: 'simulated',
      name: 'Escáner simulado (ADF, carta, 300 ppp)',
    });
    this.config = SimulatedScannerConfigSchema.parse({ ...(opts.config ?? {}), driver: 'simulated' });
    this.pageSource = opts.pageSource ?? defaultSimPageSource;
    this.sheets = this.config.sheetsInFeeder;
    this.faults = { ...this.config.faults };
    this.jamClearsOnScan = opts.jamClearsOnScan ?? false;
    this.showIdle();
  }

  /** Jams the feeder just before the n-th sheet since start feeds (once each): a scenario's jams. */
  jamBeforeSheets(sheets: readonly number[]): void {
    this.jamSheets = new Set(sheets);
  }

  // ---- Controls for the UI demo and end-to-end tests (what an operator does to a real unit).

  /** Puts sheets in the feeder; also what clears "feeder empty". */
  loadFeeder(sheets: number): void {
    this.sheets = sheets;
    if (sheets > 0) this.emptyReported = false;
    this.showIdle();
  }
  clearJam(): void {
    this.jammed = false;
    this.showIdle();
  }
  setCoverOpen(open: boolean): void {
    this.faults = { ...this.faults, coverOpen: open };
    this.showIdle();
  }
  unplug(): void {
    this.unplugged = true;
    this.showIdle();
  }
  plugIn(): void {
    this.unplugged = false;
    this.showIdle();
  }
  /** Arms faults for the next batches (jamAtPage / disconnectAtPage fire once). */
  setFaults(faults: Partial<SimulatedScannerFaults>): void {
    this.faults = { ...this.faults, ...faults };
    this.showIdle();
  }

  private idleState(): ScannerState {
    if (this.unplugged) return 'disconnected';
    if (this.faults.coverOpen) return 'cover_open';
    if (this.jammed) return 'jammed';
    if (this.emptyReported) return 'feeder_empty';
    return 'ready';
  }

  private showIdle(): void {
    if (this.active) return;
    const state = this.idleState();
    this.setState(state, state === 'ready' ? null : errorKey(state));
  }

  async listDevices(): Promise<ListDevicesResult> {
    return ok(this.unplugged ? [] : [{ id: 'sim:0', name: this.cell.get().name }]);
  }

  override async stop(): Promise<void> {
    await this.cancel();
  }

  protected async runBatch(batch: ActiveBatch): Promise<ScanOutcome> {
    const o = batch.options;
    const fail = (state: ScannerState, error?: string): ScanOutcome => ({
      kind: 'failed',
      pages: batch.channel.pagesDelivered,
      state,
      error: error ?? errorKey(state),
    });
    let wake: () => void = () => {};
    batch.abort = async () => wake();
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });

    if (this.jammed && this.jamClearsOnScan) this.jammed = false;
    const blocked = this.idleState();
    if (blocked === 'disconnected' || blocked === 'cover_open' || blocked === 'jammed') return fail(blocked);
    if (o.source === 'feeder' && this.sheets === 0) {
      this.emptyReported = true;
      return fail('feeder_empty', 'scanner.error.feederEmpty');
    }

    // The operator loads one acta's sheets at a time, not the whole stock.
    const limit =
      o.source === 'flatbed' ? 1 : Math.min(o.maxPages ?? Infinity, this.config.sheetsPerActa ?? Infinity);
    // Like a feeder with a sheet counter: the batch holds the acta's sheets or what is left of the stack.
    const expected = o.source === 'flatbed' ? 1 : Math.min(limit, this.sheets);
    if (Number.isFinite(expected)) batch.expected = expected;
    for (let index = 1; index <= limit; index++) {
      if (o.source === 'feeder' && this.sheets === 0) break;
      await pause(this.config.pageDelayMs);
      if (batch.cancelled) break;
      if (o.source === 'feeder' && this.faults.disconnectAtPage === index) {
        this.faults = { ...this.faults, disconnectAtPage: undefined };
        this.unplugged = true;
        return fail('disconnected', 'scanner.error.io');
      }
      if (o.source === 'feeder' && this.faults.jamAtPage === index) {
        this.faults = { ...this.faults, jamAtPage: undefined };
        this.jammed = true;
        return fail('jammed');
      }
      if (this.jamSheets.delete(this.fed + 1)) {
        this.jammed = true;
        return fail('jammed');
      }
      let page: SimPage;
      try {
        page = await this.pageSource(index, o);
      } catch (err) {
        this.log?.error('scanner-sim-page-source-failed', { index, error: String(err) });
        return fail('error', 'scanner.error.badPage:source');
      }
      const check = checkPage(page.bytes);
      if (!check.ok) return fail('error', `scanner.error.badPage:${check.error}`);
      if (batch.cancelled) break;
      if (o.source === 'feeder') this.sheets--;
      this.fed++;
      this.cell.set({ state: 'scanning', health: 'ok', values: { sheetsInFeeder: this.sheets } });
      batch.channel.push(page.bytes, check.value);
    }
    return { kind: 'completed', pages: batch.channel.pagesDelivered };
  }

  protected override setState(
    state: ScannerState,
    error: string | null = null,
    values?: Record<string, number>,
  ) {
    super.setState(state, error, values ?? { sheetsInFeeder: this.sheets });
  }
}

function errorKey(state: ScannerState): string {
  switch (state) {
    case 'jammed':
      return 'scanner.error.jammed';
    case 'feeder_empty':
      return 'scanner.error.feederEmpty';
    case 'cover_open':
      return 'scanner.error.coverOpen';
    case 'disconnected':
      return 'scanner.error.disconnected';
    case 'error':
    case 'ready':
    case 'scanning':
      return 'scanner.error.device';
  }
}
