// A Megatec/Q1 UPS on a serial port, for `npm start` and tests: it serves one end of a pty pair
// (socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B) and answers Q1/F/I like a real unit, in a
// scriptable condition: mains, on battery, low battery, garbage, bad framing, silence, or
// truncated lines. When its port vanishes (socat killed, like a cable pulled) it keeps trying to
// reopen the path, as a unit plugged back in would reappear.
import fs from 'node:fs';
import { SerialPort } from 'serialport';

export const MEGATEC_SIM_CONDITIONS = [
  'mains',
  'on_battery',
  'low_battery',
  'garbage',
  'bad_framing',
  'silence',
  'truncated',
] as const;
export type MegatecSimCondition = (typeof MEGATEC_SIM_CONDITIONS)[number];

/** How often a vanished port is tried again, and how often the path is checked for a new pty. */
export const MEGATEC_SIM_REOPEN_MS = 100;

/** Replies of a 1000 VA line-interactive unit with a 24 V battery, per condition. */
const Q1_REPLIES: Record<'mains' | 'on_battery' | 'low_battery', string> = {
  mains: '(226.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r',
  on_battery: '(000.0 000.0 220.0 016 50.0 24.1 30.5 10001001\r',
  low_battery: '(000.0 000.0 219.0 016 50.0 21.6 31.0 11001001\r',
};
const RATINGS_REPLY = '#220.0 000 024.0 50.0\r';
const IDENTITY_REPLY = '#SIMULADO        UPS1000-Q1 V1.0      \r';

export interface MegatecSimOptions {
  path: string;
  condition?: MegatecSimCondition;
  baudRate?: number;
}

export class MegatecSimulator {
  private condition: MegatecSimCondition;
  private port: SerialPort | undefined;
  private running = false;
  private reopenTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private rx = '';
  /** Commands received, in order (tests assert the driver polls). */
  readonly received: string[] = [];

  constructor(private readonly opts: MegatecSimOptions) {
    this.condition = opts.condition ?? 'mains';
  }

  setCondition(condition: MegatecSimCondition): void {
    this.condition = condition;
  }

  getCondition(): MegatecSimCondition {
    return this.condition;
  }

  /** Resolves once the port is open the first time (or keeps retrying if the path is not there yet). */
  start(): Promise<void> {
    this.running = true;
    return new Promise((resolve) => this.open(resolve));
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reopenTimer);
    clearInterval(this.watchTimer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }

  private open(onOpen?: () => void): void {
    if (!this.running) return;
    const port = new SerialPort({
      path: this.opts.path,
      baudRate: this.opts.baudRate ?? 2400,
      autoOpen: false,
    });
    port.on('error', () => {});
    port.open((err) => {
      if (err) {
        this.reopenTimer = setTimeout(() => this.open(onOpen), MEGATEC_SIM_REOPEN_MS);
        return;
      }
      this.port = port;
      this.rx = '';
      port.on('data', (chunk: Buffer) => this.onData(port, chunk));
      port.on('close', () => {
        clearInterval(this.watchTimer);
        if (this.port === port) this.port = undefined;
        if (this.running) this.reopenTimer = setTimeout(() => this.open(), MEGATEC_SIM_REOPEN_MS);
      });
      // A pty end that only reads is not told when the other side goes away (no hangup event
      // reaches serialport's poller), so watch the link: gone or pointing at a new pty = replug.
      const opened = realpath(this.opts.path);
      clearInterval(this.watchTimer);
      this.watchTimer = setInterval(() => {
        if (realpath(this.opts.path) !== opened && port.isOpen) port.close();
      }, MEGATEC_SIM_REOPEN_MS);
      onOpen?.();
    });
  }

  private onData(port: SerialPort, chunk: Buffer): void {
    this.rx += chunk.toString('latin1');
    let end: number;
    while ((end = this.rx.indexOf('\r')) >= 0) {
      const command = this.rx.slice(0, end);
      this.rx = this.rx.slice(end + 1);
      this.received.push(command);
      const reply = this.replyTo(command);
      if (reply !== null) port.write(Buffer.from(reply, 'latin1'));
    }
  }

  private replyTo(command: string): string | null {
    const c = this.condition;
    if (c === 'silence') return null;
    if (c === 'garbage') return '\x00\xff\x13#@!ZZ\xfe\r';
    if (command === 'F') return RATINGS_REPLY;
    if (command === 'I') return IDENTITY_REPLY;
    if (command !== 'Q1') return `${command}\r`; // unknown commands are echoed, as real units do
    switch (c) {
      case 'mains':
      case 'on_battery':
      case 'low_battery':
        return Q1_REPLIES[c];
      case 'bad_framing':
        return Q1_REPLIES.mains.replace('(', '[');
      case 'truncated':
        // A line cut by a lost byte run: no carriage return ever comes.
        return Q1_REPLIES.mains.slice(0, 19);
      default: {
        const never: never = c;
        throw new Error(`unhandled condition ${String(never)}`);
      }
    }
  }
}

function realpath(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

// `npx tsx sim/ups/megatec.ts /path/to/pty [condition]` serves a pty from the command line.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [path, condition] = process.argv.slice(2);
  if (!path) {
    console.error('usage: megatec.ts <pty path> [condition]');
    process.exit(2);
  }
  const sim = new MegatecSimulator({
    path,
    condition: (condition as MegatecSimCondition | undefined) ?? 'mains',
  });
  void sim.start().then(() => console.log(`megatec sim on ${path} (${sim.getCondition()})`));
}
