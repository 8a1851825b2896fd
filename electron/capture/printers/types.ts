// One interface for every acopio label printer (ZPL over TCP, any CUPS queue, none), with the
// status the status bar and `catd doctor` show. A print is a value: it went to the printer, or
// the state that stopped it, with the message key that tells the operator what to do.
import { CellDevice, StatusCell } from '../../platform/device';
import type { Clock } from '../../platform/clock';
import { err, ok, type Result } from '../../platform/result';
import type { Health, PrinterState } from '../../../shared/domain';
import type { AcopioLabel } from '../../workflow/acopio-label';

export type PrinterDriverName = 'zpl' | 'cups' | 'none';
export type PrintFailureState = Exclude<PrinterState, 'ready'>;

export interface PrintError {
  state: PrintFailureState;
  /** printer.fail.*: what happened and what to do. */
  messageKey: string;
  detail?: string;
}

export type PrintResult = Result<void, PrintError>;

export const PRINTER_HEALTH: Record<PrinterState, Health> = {
  ready: 'ok',
  paper_out: 'warning',
  head_open: 'warning',
  paused: 'warning',
  offline: 'offline',
  error: 'fault',
  not_configured: 'unknown',
};

export const PRINT_FAILURE_KEY: Record<PrintFailureState, string> = {
  paper_out: 'printer.fail.paperOut',
  head_open: 'printer.fail.headOpen',
  paused: 'printer.fail.paused',
  offline: 'printer.fail.offline',
  error: 'printer.fail.error',
  not_configured: 'printer.fail.notConfigured',
};

/** How often an idle printer is asked how it is (a label printer runs out of labels unseen). */
export const PRINTER_POLL_MS = 10_000;

export function printFailure(state: PrintFailureState, detail?: string): PrintError {
  return { state, messageKey: PRINT_FAILURE_KEY[state], ...(detail ? { detail } : {}) };
}

export interface LabelPrinter {
  readonly kind: 'printer';
  readonly driverName: PrinterDriverName;
  status(): ReturnType<CellDevice['status']>;
  start(): void;
  stop(): Promise<void>;
  onStatus: CellDevice['onStatus'];
  /** Asks the printer now and updates the status. */
  check(): Promise<PrinterState>;
  print(label: AcopioLabel): Promise<PrintResult>;
}

/** Status cell, polling and the ask-then-send rule shared by every driver. */
export abstract class PrinterBase extends CellDevice implements LabelPrinter {
  readonly kind = 'printer' as const;
  abstract readonly driverName: PrinterDriverName;
  private timer: NodeJS.Timeout | undefined;

  protected constructor(
    clock: Clock,
    name: string,
    driver: PrinterDriverName,
    private readonly pollMs = PRINTER_POLL_MS,
  ) {
    super(
      new StatusCell(clock, {
        kind: 'printer',
        driver,
        name,
        state: 'offline',
        health: 'unknown',
        values: {},
        lastError: null,
      }),
    );
  }

  /** The printer's state as the device tells it; never throws for an expected failure. */
  protected abstract query(): Promise<{ state: PrinterState; detail?: string }>;
  /** Hands the label over; resolves once the printer (or the spooler) has accepted it. */
  protected abstract send(label: AcopioLabel): Promise<PrintResult>;

  override start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.pollMs);
    this.timer.unref();
  }

  override async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async check(): Promise<PrinterState> {
    const { state } = await this.query();
    this.cell.set({
      state,
      health: PRINTER_HEALTH[state],
      lastError: state === 'ready' ? null : PRINT_FAILURE_KEY[state],
    });
    return state;
  }

  /** Asks first: a label sent into a fault would print later, out of sequence, or never. */
  async print(label: AcopioLabel): Promise<PrintResult> {
    const state = await this.check();
    if (state !== 'ready') return err(printFailure(state));
    const sent = await this.send(label);
    if (!sent.ok) await this.check();
    return sent.ok ? ok() : sent;
  }
}

/** A station without a label printer: acopio goes on, the status bar says so. */
export class NoPrinter extends PrinterBase {
  readonly driverName = 'none' as const;
  constructor(clock: Clock) {
    super(clock, '', 'none');
  }
  protected async query() {
    return { state: 'not_configured' as const };
  }
  protected async send(): Promise<PrintResult> {
    return err(printFailure('not_configured'));
  }
}
