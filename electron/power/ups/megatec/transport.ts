// Megatec/Q1 UPS on a serial port (RS-232, or a USB-serial adapter): one question at a time,
// each answer read up to its carriage return within a deadline. Silence, garbage and a vanished
// port come back as typed faults; the monitor decides what the operator sees.
import { SerialPort } from 'serialport';
import { err, ok } from '../../../platform/result';
import type { ConnectResult, PollResult, UpsFault, UpsTransport } from '../types';
import {
  identityName,
  interpretQ1,
  parseIdentity,
  parseQ1,
  parseRatings,
  type MegatecRatings,
} from './protocol';

export const MEGATEC_BAUD_RATE = 2400;
/** A Q1 reply is ~47 bytes (~200 ms at 2400 baud); slow units start answering after up to ~1 s. */
export const MEGATEC_REPLY_TIMEOUT_MS = 1_500;
/** Longer than any real reply: past this without a carriage return it is noise, not a reply. */
export const MEGATEC_MAX_REPLY_BYTES = 128;
/** Ratings (F) and identity (I) are asked this many times per connection; many clones lack I. */
export const MEGATEC_INFO_ATTEMPTS = 3;

/** The part of a serialport SerialPort this transport uses (lets a test hand in a fake). */
export interface SerialPortLike {
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  write(data: Buffer, cb?: (err: Error | null | undefined) => void): boolean;
  on(event: 'data', l: (chunk: Buffer) => void): this;
  on(event: 'close', l: (err?: Error | null) => void): this;
  on(event: 'error', l: (err: Error) => void): this;
  removeAllListeners(): this;
  readonly isOpen: boolean;
}

export interface MegatecTransportOptions {
  path: string;
  baudRate?: number;
  replyTimeoutMs?: number;
  openPort?: (path: string, baudRate: number) => SerialPortLike;
}

type Answer =
  { kind: 'line'; text: string } | { kind: 'timeout'; partial: string } | { kind: 'lost'; detail: string };

const defaultOpenPort = (path: string, baudRate: number): SerialPortLike =>
  new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });

export class MegatecTransport implements UpsTransport {
  readonly driver = 'megatec';
  private readonly path: string;
  private readonly baudRate: number;
  private readonly replyTimeoutMs: number;
  private readonly openPort: (path: string, baudRate: number) => SerialPortLike;
  private port: SerialPortLike | undefined;
  private rx = '';
  private lost: string | null = null;
  private wake: (() => void) | null = null;
  private ratings: MegatecRatings | undefined;
  private name: string | undefined;
  private ratingAttempts = 0;
  private identityAttempts = 0;

  constructor(opts: MegatecTransportOptions) {
    this.path = opts.path;
    this.baudRate = opts.baudRate ?? MEGATEC_BAUD_RATE;
    this.replyTimeoutMs = opts.replyTimeoutMs ?? MEGATEC_REPLY_TIMEOUT_MS;
    this.openPort = opts.openPort ?? defaultOpenPort;
  }

  async connect(): Promise<ConnectResult> {
    await this.close();
    this.rx = '';
    this.lost = null;
    this.ratings = undefined;
    this.ratingAttempts = 0;
    this.identityAttempts = 0;
    let port: SerialPortLike;
    try {
      port = this.openPort(this.path, this.baudRate);
    } catch (e) {
      return err(fault('connect_failed', 'ups.error.portUnavailable', e));
    }
    port.on('data', (chunk) => {
      this.rx += chunk.toString('latin1');
      this.wake?.();
    });
    port.on('close', (err) => {
      this.lost = err ? String(err) : 'port closed';
      this.wake?.();
    });
    // Errors after open also arrive as 'close' when the device vanishes; this keeps an 'error'
    // without a listener from becoming an uncaught exception.
    port.on('error', (err) => {
      this.lost = String(err);
      this.wake?.();
    });
    const opened = await new Promise<Error | null>((resolve) => port.open((err) => resolve(err)));
    if (opened) {
      port.removeAllListeners();
      return err(fault('connect_failed', 'ups.error.portUnavailable', opened));
    }
    this.port = port;
    return ok({});
  }

  async poll(): Promise<PollResult> {
    const answer = await this.ask('Q1');
    if (answer.kind === 'lost') return err(fault('link_lost', 'ups.error.portLost', answer.detail));
    if (answer.kind === 'timeout' && answer.partial === '') {
      return err(fault('no_answer', 'ups.error.noAnswer', 'Q1 timed out'));
    }
    const raw = answer.kind === 'line' ? answer.text : answer.partial;
    const q1 = parseQ1(raw);
    if (!q1.ok) return err(fault('bad_reply', 'ups.error.garbled', `${q1.error.code}: ${q1.error.detail}`));
    await this.askInfo();
    const { flags, values } = interpretQ1(q1.value, this.ratings);
    return ok({ flags, values, ...(this.name ? { name: this.name } : {}) });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.wake?.();
    if (!port) return;
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port.removeAllListeners();
    // Swallow late 'error' events from a port already given up on.
    port.on('error', () => {});
  }

  /** Ratings give the nominal battery voltage for the charge estimate; identity gives the name. */
  private async askInfo(): Promise<void> {
    if (!this.ratings && this.ratingAttempts < MEGATEC_INFO_ATTEMPTS) {
      this.ratingAttempts += 1;
      const a = await this.ask('F');
      if (a.kind === 'line') {
        const r = parseRatings(a.text);
        if (r.ok) this.ratings = r.value;
      }
    }
    if (!this.name && this.identityAttempts < MEGATEC_INFO_ATTEMPTS) {
      this.identityAttempts += 1;
      const a = await this.ask('I');
      if (a.kind === 'line') {
        const id = parseIdentity(a.text);
        if (id.ok) this.name = identityName(id.value) || undefined;
      }
    }
  }

  /** Sends one command and waits for one reply line (up to and including its CR). */
  private async ask(command: string): Promise<Answer> {
    const port = this.port;
    if (!port || this.lost !== null) return { kind: 'lost', detail: this.lost ?? 'port not open' };
    // Whatever arrived unasked (a late reply to a timed-out question, line noise) is not the
    // answer to this question.
    this.rx = '';
    const wrote = await new Promise<Error | null>((resolve) => {
      try {
        port.write(Buffer.from(`${command}\r`, 'latin1'), (err) => resolve(err ?? null));
      } catch (err) {
        resolve(err as Error);
      }
    });
    if (wrote) return { kind: 'lost', detail: String(wrote) };
    return new Promise<Answer>((resolve) => {
      const finish = (answer: Answer) => {
        clearTimeout(timer);
        this.wake = null;
        resolve(answer);
      };
      const check = () => {
        if (this.lost !== null || this.port !== port)
          return finish({ kind: 'lost', detail: this.lost ?? 'closed' });
        const end = this.rx.indexOf('\r');
        if (end >= 0) {
          const text = this.rx.slice(0, end + 1);
          this.rx = this.rx.slice(end + 1);
          return finish({ kind: 'line', text });
        }
        if (this.rx.length > MEGATEC_MAX_REPLY_BYTES) {
          const text = this.rx;
          this.rx = '';
          return finish({ kind: 'timeout', partial: text });
        }
      };
      const timer = setTimeout(() => finish({ kind: 'timeout', partial: this.rx }), this.replyTimeoutMs);
      this.wake = check;
      check();
    });
  }
}

function fault(code: UpsFault['code'], messageKey: string, detail: unknown): UpsFault {
  return { code, messageKey, detail: String(detail) };
}
