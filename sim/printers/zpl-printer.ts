// A ZPL label printer on TCP (the 9100 "raw" convention) for `npm start` and the tests: it takes
// ZPL, answers ~HS with flags a test can set (paper out, head open, paused), holds formats while
// it cannot print (as a real one does) and prints them when the fault clears, and turns each
// label's ^GF graphics into a PNG at the printer's 203 dpi. It does not draw ZPL's fonts: the
// text fields are kept as text. "offline" drops every connection, as a printer switched off.
// Besides TCP it serves any byte stream (`serve`): the far end of a pty pair stands in for the USB
// cable of a printer on usblp, and there "offline" means silence.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import sharp from 'sharp';

export interface ZplSimFaults {
  paperOut?: boolean;
  headOpen?: boolean;
  paused?: boolean;
  offline?: boolean;
}

export interface PrintedLabel {
  widthDots: number;
  heightDots: number;
  /** Text of every ^FD field, ^FH escapes decoded. */
  texts: string[];
  /** The graphics, 8-bit grey PNG at 203 dpi. */
  png: Buffer;
  zpl: string;
}

const DEFAULT_WIDTH = 406;
const DEFAULT_HEIGHT = 203;

function decodeFieldHex(text: string): string {
  const bytes: number[] = [];
  const src = Buffer.from(text, 'utf8');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === 0x5f && i + 2 < src.length) {
      bytes.push(parseInt(src.subarray(i + 1, i + 3).toString('latin1'), 16));
      i += 2;
    } else bytes.push(src[i]!);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Renders one ^XA…^XZ format: its ^GFA graphics at their ^FO, and its text fields. */
export async function renderZplFormat(zpl: string): Promise<PrintedLabel> {
  const width = Number(/\^PW(\d+)/.exec(zpl)?.[1] ?? DEFAULT_WIDTH);
  const height = Number(/\^LL(\d+)/.exec(zpl)?.[1] ?? DEFAULT_HEIGHT);
  const grey = Buffer.alloc(width * height, 255);
  const texts: string[] = [];
  for (const field of zpl.split('^FS')) {
    const fo = /\^FO(\d+),(\d+)/.exec(field);
    const fd = /\^FD([\s\S]*)$/.exec(field);
    if (fd) texts.push(/\^FH/.test(field) ? decodeFieldHex(fd[1]!) : fd[1]!);
    const gf = /\^GFA,(\d+),(\d+),(\d+),([0-9A-Fa-f\s]+)/.exec(field);
    if (!gf || !fo) continue;
    const rowBytes = Number(gf[3]);
    const bits = Buffer.from(gf[4]!.replace(/\s/g, ''), 'hex');
    const x0 = Number(fo[1]);
    const y0 = Number(fo[2]);
    const rows = Math.floor(bits.length / rowBytes);
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < rowBytes * 8; x++) {
        const px = x0 + x;
        const py = y0 + y;
        if (px >= width || py >= height) continue;
        if (bits[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7))) grey[py * width + px] = 0;
      }
  }
  const png = await sharp(grey, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
  return { widthDots: width, heightDots: height, texts, png, zpl };
}

function hostStatus(f: ZplSimFaults, buffered: number): string {
  const b = (v: boolean | undefined) => (v ? '1' : '0');
  const one = `030,${b(f.paperOut)},${b(f.paused)},0406,${String(buffered).padStart(3, '0')},0,0,0,000,0,0,0`;
  const two = `001,0,${b(f.headOpen)},0,0,2,6,0,00000000,1,000`;
  return [one, two, '1234,0'].map((s) => `\x02${s}\x03\r\n`).join('');
}

export class ZplPrinterSim extends EventEmitter {
  readonly printed: PrintedLabel[] = [];
  private readonly held: string[] = [];
  private readonly sockets = new Set<Duplex>();
  private readonly server: net.Server;
  faults: ZplSimFaults = {};
  private printing: Promise<void> = Promise.resolve();

  constructor() {
    super();
    this.server = net.createServer((s) => {
      // A printer switched off takes no connection.
      if (this.faults.offline) s.destroy();
      else this.serve(s);
    });
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  setFaults(f: ZplSimFaults): void {
    this.faults = { ...f };
    if (f.offline) for (const s of this.sockets) if (s instanceof net.Socket) s.destroy();
    this.flush();
  }

  private canPrint(): boolean {
    const f = this.faults;
    return !f.paperOut && !f.headOpen && !f.paused && !f.offline;
  }

  /** Prints what is held, in order, while nothing stops the printer. */
  private flush(): void {
    this.printing = this.printing.then(async () => {
      while (this.canPrint() && this.held.length) {
        const label = await renderZplFormat(this.held.shift()!);
        this.printed.push(label);
        this.emit('label', label);
      }
    });
  }

  /** Takes ZPL from `socket` and answers ~HS on it, until it closes. */
  serve(socket: Duplex): void {
    this.sockets.add(socket);
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('data', (chunk: string) => {
      // Switched off, a stream (a cable) stays there and carries nothing.
      if (this.faults.offline) return;
      buf += chunk;
      // ~HS is a "tilde" command: answered at once, even in the middle of a format.
      while (buf.includes('~HS')) {
        buf = buf.replace('~HS', '');
        socket.write(hostStatus(this.faults, this.held.length));
      }
      for (let end = buf.indexOf('^XZ'); end >= 0; end = buf.indexOf('^XZ')) {
        const start = buf.indexOf('^XA');
        if (start >= 0 && start < end) this.held.push(buf.slice(start, end + 3));
        buf = buf.slice(end + 3);
      }
      this.flush();
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
