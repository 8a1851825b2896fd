// Client of a NUT server (upsd) over TCP: one LIST VAR per poll on a kept-open connection.
// upsd may be local (a NUT install driving the UPS) or on another host of the CATD's LAN.
import net from 'node:net';
import { err, ok, type Result } from '../../../platform/result';
import type { ConnectResult, PollResult, UpsFault, UpsTransport } from '../types';
import { interpretNutVars, nutErrorFault, parseNutLine, type NutLine } from './protocol';

export const NUT_DEFAULT_PORT = 3493;
/** A LAN or loopback upsd accepts at once; longer means the host is down or filtered. */
export const NUT_CONNECT_TIMEOUT_MS = 3_000;
/** upsd answers from memory; a slow answer is a wedged server. */
export const NUT_REPLY_TIMEOUT_MS = 3_000;
/** A real LIST VAR is a few KiB; far beyond this it is not upsd talking. */
export const NUT_MAX_REPLY_BYTES = 1 << 20;

export interface NutTransportOptions {
  host: string;
  port: number;
  ups: string;
  connectTimeoutMs?: number;
  replyTimeoutMs?: number;
}

/** The lines of upsd's answer to one command. */
type Reply = Result<NutLine[], UpsFault>;

export class NutTransport implements UpsTransport {
  readonly driver = 'nut';
  private socket: net.Socket | undefined;
  private buffer = '';
  private lines: string[] = [];
  private lost: string | null = null;
  /** Bytes received since the last command: a whole reply is bounded, not just one line. */
  private received = 0;
  /** Which connection is current: a closed socket's late events must not touch the new one. */
  private generation = 0;
  private wake: (() => void) | null = null;
  /** Status tokens this client does not interpret, seen so far (HB, ALARM, CAL...): for diagnostics. */
  readonly unknownTokens = new Set<string>();

  constructor(private readonly opts: NutTransportOptions) {}

  async connect(): Promise<ConnectResult> {
    await this.close();
    this.buffer = '';
    this.lines = [];
    this.lost = null;
    this.received = 0;
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    const timeoutMs = this.opts.connectTimeoutMs ?? NUT_CONNECT_TIMEOUT_MS;
    const socket = net.connect({ host: this.opts.host, port: this.opts.port });
    socket.setNoDelay(true);
    const opened = await new Promise<Error | null>((resolve) => {
      const timer = setTimeout(() => resolve(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(null);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        resolve(err);
      });
    });
    socket.on('error', (err) => current() && this.markLost(String(err)));
    socket.on('close', () => current() && this.markLost('connection closed'));
    if (opened) {
      socket.destroy();
      return err({ code: 'connect_failed', messageKey: 'ups.error.nutUnreachable', detail: String(opened) });
    }
    socket.on('data', (chunk: Buffer) => {
      if (!current()) return;
      this.buffer += chunk.toString('utf8');
      this.received += chunk.length;
      if (this.received > NUT_MAX_REPLY_BYTES) {
        this.markLost('reply too large');
        socket.destroy();
        return;
      }
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, nl));
        this.buffer = this.buffer.slice(nl + 1);
      }
      this.wake?.();
    });
    this.socket = socket;
    return ok({});
  }

  async poll(): Promise<PollResult> {
    const reply = await this.request(
      `LIST VAR ${this.opts.ups}`,
      (l) => l.kind === 'end' || l.kind === 'err',
    );
    if (!reply.ok) return reply;
    const first = reply.value[0];
    if (first?.kind === 'err') return err(nutErrorFault(first.code));
    const vars = new Map<string, string>();
    for (const line of reply.value) {
      if (line.kind === 'var' && line.ups === this.opts.ups) vars.set(line.name, line.value);
    }
    const meaning = interpretNutVars(vars);
    if (!meaning.ok) return meaning;
    const { status, values, name } = meaning.value;
    for (const t of status.unknown) this.unknownTokens.add(t);
    if (status.waiting)
      return err({ code: 'device_stale', messageKey: 'ups.error.nutDataStale', detail: 'WAIT' });
    return ok({ flags: status.flags, values, ...(name ? { name } : {}) });
  }

  /** One variable (GET VAR), for tools and checks; the monitor polls with LIST VAR. */
  async getVar(name: string): Promise<Result<string, UpsFault>> {
    if (!/^[a-z0-9._-]+$/i.test(name)) throw new Error(`not a NUT variable name: ${name}`);
    const reply = await this.request(`GET VAR ${this.opts.ups} ${name}`, () => true);
    if (!reply.ok) return reply;
    const line = reply.value[0];
    if (line?.kind === 'err') return err(nutErrorFault(line.code));
    if (line?.kind === 'var' && line.name === name) return ok(line.value);
    return err({ code: 'bad_reply', messageKey: 'ups.error.garbled', detail: 'unexpected GET VAR reply' });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    this.wake?.();
    if (!socket || socket.destroyed) return;
    // LOGOUT lets upsd log a clean goodbye; the socket is destroyed right after either way.
    socket.end('LOGOUT\n');
    socket.destroy();
  }

  private markLost(detail: string): void {
    if (this.lost === null) this.lost = detail;
    this.wake?.();
  }

  /** Sends one command and collects lines until `done` says the answer is complete. */
  private request(command: string, done: (l: NutLine) => boolean): Promise<Reply> {
    const socket = this.socket;
    if (!socket || this.lost !== null) {
      return Promise.resolve(err(lostFault(this.lost ?? 'not connected')));
    }
    // Lines nobody asked for (a late answer to a timed-out command) are not this answer.
    this.lines = [];
    this.received = this.buffer.length;
    socket.write(`${command}\n`);
    const timeoutMs = this.opts.replyTimeoutMs ?? NUT_REPLY_TIMEOUT_MS;
    return new Promise<Reply>((resolve) => {
      const collected: NutLine[] = [];
      const finish = (r: Reply) => {
        clearTimeout(timer);
        this.wake = null;
        resolve(r);
      };
      const check = () => {
        while (this.lines.length) {
          const line = parseNutLine(this.lines.shift()!);
          collected.push(line);
          if (done(line)) return finish(ok(collected));
        }
        if (this.lost !== null || this.socket !== socket) finish(err(lostFault(this.lost ?? 'closed')));
      };
      const timer = setTimeout(
        () => finish(err({ code: 'no_answer', messageKey: 'ups.error.noAnswer', detail: command })),
        timeoutMs,
      );
      this.wake = check;
      check();
    });
  }
}

function lostFault(detail: string): UpsFault {
  return { code: 'link_lost', messageKey: 'ups.error.nutConnectionLost', detail };
}
