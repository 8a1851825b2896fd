// Serial code reader (RS-232, or USB in CDC/virtual COM mode): lines of text, one per scan.
// The port is reopened with backoff when it disappears (unplugged adapter, reader in USB-serial
// mode re-enumerating), and a line broken off by the unplug is reported, not glued to the next.
import { SerialPort } from 'serialport';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { LineAssembler, type LineEnding } from './line-assembler';
import {
  READER_RECONNECT_INITIAL_MS,
  READER_RECONNECT_MAX_MS,
  ReaderHub,
  type CodeReader,
  type ReaderScan,
  type ReaderStatus,
} from './reader';
import { backoffMs } from '../../platform/backoff';

/** A scan's bytes arrive within a few ms; this much silence mid-line means the line broke off. */
export const SERIAL_LINE_IDLE_MS = 1_000;

export interface SerialReaderOptions {
  name: string;
  path: string;
  baudRate: number;
  lineEnding: LineEnding;
  reconnect?: { initialMs: number; maxMs: number };
  lineIdleMs?: number;
}

export class SerialCodeReader implements CodeReader {
  readonly driver = 'serial' as const;
  private readonly hub: ReaderHub;
  private readonly lines: LineAssembler;
  private port: SerialPort | null = null;
  private stopping = true;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly opts: SerialReaderOptions,
    private readonly deps: { clock: Clock; logger: Logger },
  ) {
    this.hub = new ReaderHub(deps.clock, 'serial', opts.name);
    this.lines = new LineAssembler(opts.lineEnding);
  }

  status(): ReaderStatus {
    return this.hub.status();
  }
  onScan(listener: (scan: ReaderScan) => void): () => void {
    return this.hub.onScan(listener);
  }
  onStatus(listener: (status: ReaderStatus) => void): () => void {
    return this.hub.onStatus(listener);
  }

  start(): void {
    if (!this.stopping) return;
    this.stopping = false;
    this.attempt = 0;
    this.open();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.retryTimer = this.idleTimer = null;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private open(): void {
    if (this.stopping) return;
    const log = this.deps.logger;
    const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate, autoOpen: false });
    // serialport emits 'error' for failures outside a callback (e.g. a read after unplug).
    port.on('error', (err) => log.warn('reader-port-error', { driver: 'serial', message: err.message }));
    port.on('data', (chunk: Buffer) => {
      for (const scan of this.lines.push(chunk, Date.now())) this.hub.deliver(scan);
    });
    port.on('close', () => {
      if (this.port !== port) return; // closed by stop()
      this.port = null;
      this.flushPartial(0);
      log.warn('reader-disconnected', { driver: 'serial' });
      this.hub.setStatus('disconnected', 'reader.error.unplugged');
      this.retryLater();
    });
    port.open((err) => {
      if (this.stopping) {
        if (!err) port.close();
        return;
      }
      if (err) {
        const key = /ENOENT|no such file/i.test(err.message) ? 'reader.error.notFound' : 'reader.error.open';
        log.warn('reader-open-failed', { driver: 'serial', reason: key, message: err.message });
        this.hub.setStatus('disconnected', key);
        this.retryLater();
        return;
      }
      this.port = port;
      this.attempt = 0;
      log.info('reader-connected', { driver: 'serial' });
      this.hub.setStatus('connected', null);
      if (!this.idleTimer) {
        const idleMs = this.opts.lineIdleMs ?? SERIAL_LINE_IDLE_MS;
        this.idleTimer = setInterval(() => this.flushPartial(idleMs), Math.max(50, idleMs / 4));
      }
    });
  }

  private flushPartial(idleMs: number): void {
    const partial = this.lines.flushIfIdle(Date.now(), idleMs);
    if (partial) this.hub.deliver(partial);
  }

  private retryLater(): void {
    if (this.stopping || this.retryTimer) return;
    const { initialMs, maxMs } = this.opts.reconnect ?? {
      initialMs: READER_RECONNECT_INITIAL_MS,
      maxMs: READER_RECONNECT_MAX_MS,
    };
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        this.open();
      },
      backoffMs(this.attempt++, initialMs, maxMs),
    );
  }
}
