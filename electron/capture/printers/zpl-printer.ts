// A ZPL label printer on the network, raw TCP port 9100 (the JetDirect convention every Zebra and
// most clones follow): the label goes as ZPL, the status comes from ~HS on a fresh connection.
// Every phase has a deadline: a printer that accepts the connection and then says nothing is
// offline, not a hung acopio. The ZPL and the ~HS reading are shared with the USB driver
// (zpl-usb-printer.ts); only the way bytes reach the printer differs.
import net from 'node:net';
import type { Clock } from '../../platform/clock';
import { err, ok } from '../../platform/result';
import type { PrinterState } from '../../../shared/domain';
import type { AcopioLabel } from '../../workflow/acopio-label';
import { layoutAcopioLabel } from './label-layout';
import { labelZpl } from './zpl';
import { hostStatusFrames, parseHostStatus, stateOfHostStatus } from './zpl-status';
import { PrinterBase, printFailure, type PrintResult } from './types';

export const ZPL_PORT = 9100;
/** Connect + answer to ~HS; a printer on the LAN answers in tens of milliseconds. */
export const ZPL_STATUS_TIMEOUT_MS = 2_000;
export const ZPL_SEND_TIMEOUT_MS = 5_000;
/** The ~HS command; a tilde command, answered even in the middle of a format. */
export const ZPL_HOST_STATUS = '~HS\r\n';

export type Exchange = { ok: true; value: string } | { ok: false; error: string };

export interface ZplPrinterOptions {
  host: string;
  port?: number;
  name?: string;
  pollMs?: number;
}

/** ZPL out, ~HS answers in: what every ZPL printer does whatever the cable. */
export abstract class ZplPrinterBase extends PrinterBase {
  readonly driverName = 'zpl' as const;

  /** Writes `data`; with `awaitStatus`, reads until the ~HS answer's three frames are in. */
  protected abstract exchange(data: string, timeoutMs: number, awaitStatus: boolean): Promise<Exchange>;

  protected async query(): Promise<{ state: PrinterState; detail?: string }> {
    const answer = await this.exchange(ZPL_HOST_STATUS, ZPL_STATUS_TIMEOUT_MS, true);
    if (!answer.ok) return { state: 'offline', detail: answer.error };
    const parsed = parseHostStatus(hostStatusFrames(answer.value));
    if (!parsed) return { state: 'error', detail: 'garbled ~HS answer' };
    return { state: stateOfHostStatus(parsed) };
  }

  protected async send(label: AcopioLabel): Promise<PrintResult> {
    const sent = await this.exchange(labelZpl(layoutAcopioLabel(label)), ZPL_SEND_TIMEOUT_MS, false);
    return sent.ok ? ok() : err(printFailure('offline', sent.error));
  }
}

export class ZplPrinter extends ZplPrinterBase {
  private readonly host: string;
  private readonly port: number;

  constructor(clock: Clock, opts: ZplPrinterOptions) {
    super(clock, opts.name ?? `ZPL ${opts.host}:${opts.port ?? ZPL_PORT}`, 'zpl', opts.pollMs);
    this.host = opts.host;
    this.port = opts.port ?? ZPL_PORT;
  }

  protected exchange(data: string, timeoutMs: number, awaitStatus: boolean): Promise<Exchange> {
    return new Promise<Exchange>((resolve) => {
      const socket = net.connect({ host: this.host, port: this.port });
      let got = '';
      let settled = false;
      const done = (r: Exchange) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(r);
      };
      const timer = setTimeout(() => done({ ok: false, error: 'timeout' }), timeoutMs);
      socket.setEncoding('latin1');
      socket.on('error', (e) => done({ ok: false, error: (e as NodeJS.ErrnoException).code ?? e.message }));
      socket.on('connect', () => {
        socket.write(data, 'utf8', () => {
          if (!awaitStatus) socket.end();
        });
      });
      socket.on('data', (chunk: string) => {
        got += chunk;
        if (got.length > 4096) done({ ok: false, error: 'answer too long' });
        else if (awaitStatus && hostStatusFrames(got).length >= 3) done({ ok: true, value: got });
      });
      socket.on('close', () => {
        if (awaitStatus)
          done(hostStatusFrames(got).length >= 2 ? { ok: true, value: got } : { ok: false, error: 'closed' });
        else done({ ok: true, value: '' });
      });
    });
  }
}
