// Any printer the OS knows through CUPS: the label goes as a one-page PDF to `lp`, the status comes
// from `lpstat -l -p` (the queue's state and its printer-state-reasons, the IPP attribute a
// printer reports media-empty or cover-open through). The CUPS client tools rather than IPP by
// hand: they find the local scheduler the way the OS is set up (socket, CUPS_SERVER, client.conf)
// and every distribution ships them.
import { spawn } from 'node:child_process';
import type { Clock } from '../../platform/clock';
import { err, ok } from '../../platform/result';
import type { PrinterState } from '../../../shared/domain';
import type { AcopioLabel } from '../../workflow/acopio-label';
import { layoutAcopioLabel } from './label-layout';
import { labelPdf, type SheetSize } from './pdf';
import { PrinterBase, printFailure, type PrintResult } from './types';

export const CUPS_STATUS_TIMEOUT_MS = 3_000;
export const CUPS_SUBMIT_TIMEOUT_MS = 10_000;

export interface CupsPrinterOptions {
  queue: string;
  /** "host:port" of the scheduler; absent: the OS's default. */
  server?: string;
  sheet?: SheetSize;
  pollMs?: number;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input: Buffer | null, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => resolve({ code: -1, stdout, stderr: e.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? undefined);
  });
}

/** Reasons a CUPS printer reports (printer-state-reasons, without -error/-warning/-report). */
function reasonsOf(lpstat: string): string[] {
  const line = /^\s*Alerts:\s*(.*)$/m.exec(lpstat)?.[1] ?? '';
  return line
    .split(/[\s,]+/)
    .filter((r) => r && r !== 'none')
    .map((r) => r.replace(/-(error|warning|report)$/, ''));
}

/** The queue's state from `lpstat -l -p QUEUE` output. */
export function stateOfLpstat(lpstat: string): PrinterState {
  const first = lpstat.split('\n')[0] ?? '';
  if (!/^printer \S+ /.test(first)) return 'offline';
  const reasons = reasonsOf(lpstat);
  if (reasons.some((r) => /^(cover-open|door-open|interlock-open)$/.test(r))) return 'head_open';
  if (reasons.some((r) => /^(media-empty|media-needed|marker-supply-empty|toner-empty)$/.test(r)))
    return 'paper_out';
  if (reasons.includes('offline') || reasons.includes('connecting-to-device')) return 'offline';
  if (/ disabled since /.test(first) || reasons.includes('paused')) return 'paused';
  return 'ready';
}

export class CupsPrinter extends PrinterBase {
  readonly driverName = 'cups' as const;
  private readonly serverArgs: string[];

  constructor(
    clock: Clock,
    private readonly opts: CupsPrinterOptions,
  ) {
    super(clock, `CUPS ${opts.queue}`, 'cups', opts.pollMs);
    this.serverArgs = opts.server ? ['-h', opts.server] : [];
  }

  protected async query(): Promise<{ state: PrinterState; detail?: string }> {
    const r = await run(
      'lpstat',
      [...this.serverArgs, '-l', '-p', this.opts.queue],
      null,
      CUPS_STATUS_TIMEOUT_MS,
    );
    if (r.code !== 0) return { state: 'offline', detail: r.stderr.trim().slice(0, 200) };
    return { state: stateOfLpstat(r.stdout) };
  }

  protected async send(label: AcopioLabel): Promise<PrintResult> {
    const sheet = this.opts.sheet ?? 'letter';
    const pdf = labelPdf(layoutAcopioLabel(label), sheet);
    // The job's title names the acta and the moment (cups-pdf, for one, names its file after it).
    const title = `acopio-${label.seq}${label.reprint ? '-reimpresion' : ''}-${Date.now()}`;
    const r = await run(
      'lp',
      // The sheet the PDF was laid out for, unscaled: a queue defaulting to another size would
      // shrink the label, and the QR with it, to fit.
      [
        ...this.serverArgs,
        '-d',
        this.opts.queue,
        '-t',
        title,
        '-o',
        `media=${sheet === 'a4' ? 'A4' : 'Letter'}`,
        '-o',
        'fit-to-page=false',
      ],
      pdf,
      CUPS_SUBMIT_TIMEOUT_MS,
    );
    if (r.code !== 0 || !/request id is /.test(r.stdout))
      return err(printFailure('offline', (r.stderr || r.stdout).trim().slice(0, 200)));
    return ok();
  }
}
