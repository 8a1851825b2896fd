// A ZPL label printer on USB, raw: Linux's usblp driver gives it a character device
// (/dev/usb/lp0 …) that takes the ZPL as written and hands back what the printer answers on
// its back channel, so ~HS is written and its answer read on the same file descriptor. The
// device is opened for each exchange and closed after it: a printer unplugged and plugged back
// in gets a new device, and a descriptor held open across that would be dead.
// Non-blocking and polled, not a stream: usblp is not a tty, socket or pipe (Node's streams
// refuse it), and a blocking read of a silent printer would hold a libuv thread until the
// printer spoke. The same code drives a pty (the tests' socat pair), which behaves alike.
import fs from 'node:fs';
import type { Clock } from '../../platform/clock';
import { hostStatusFrames } from './zpl-status';
import { ZplPrinterBase, type Exchange } from './zpl-printer';

/** How often a pending read or a full write buffer is tried again. */
export const ZPL_USB_POLL_MS = 15;
/** Most a stale answer left in the back channel can be; read and dropped before a command. */
const DRAIN_LIMIT_BYTES = 64 * 1024;
const ANSWER_LIMIT_BYTES = 4096;

export interface ZplUsbPrinterOptions {
  /** The device path, e.g. /dev/usb/lp0. */
  device: string;
  name?: string;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);
const isAgain = (e: unknown) => code(e) === 'EAGAIN' || code(e) === 'EWOULDBLOCK';

export class ZplUsbPrinter extends ZplPrinterBase {
  private readonly device: string;

  constructor(clock: Clock, opts: ZplUsbPrinterOptions) {
    super(clock, opts.name ?? `ZPL USB ${opts.device}`, 'zpl', opts.pollMs);
    this.device = opts.device;
  }

  protected async exchange(data: string, timeoutMs: number, awaitStatus: boolean): Promise<Exchange> {
    const deadline = performance.now() + timeoutMs;
    let fh: fs.promises.FileHandle;
    try {
      const { O_RDWR, O_NOCTTY, O_NONBLOCK } = fs.constants;
      fh = await fs.promises.open(this.device, O_RDWR | O_NOCTTY | O_NONBLOCK);
    } catch (e) {
      return { ok: false, error: code(e) };
    }
    try {
      if (awaitStatus) await this.drain(fh);
      const out = Buffer.from(data, 'utf8');
      for (let off = 0; off < out.length;) {
        try {
          off += (await fh.write(out, off, out.length - off)).bytesWritten;
        } catch (e) {
          if (!isAgain(e)) throw e;
          if (performance.now() > deadline) return { ok: false, error: 'timeout' };
          await sleep(ZPL_USB_POLL_MS);
        }
      }
      if (!awaitStatus) return { ok: true, value: '' };
      let got = '';
      const buf = Buffer.alloc(1024);
      while (performance.now() < deadline) {
        const n = await this.readSome(fh, buf);
        if (n > 0) {
          got += buf.toString('latin1', 0, n);
          if (got.length > ANSWER_LIMIT_BYTES) return { ok: false, error: 'answer too long' };
          if (hostStatusFrames(got).length >= 3) return { ok: true, value: got };
        } else await sleep(ZPL_USB_POLL_MS);
      }
      return hostStatusFrames(got).length >= 2 ? { ok: true, value: got } : { ok: false, error: 'timeout' };
    } catch (e) {
      // EIO, ENODEV: the printer went away while we talked to it.
      return { ok: false, error: code(e) };
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  /** Bytes read now, 0 when none are waiting. */
  private async readSome(fh: fs.promises.FileHandle, buf: Buffer): Promise<number> {
    try {
      return (await fh.read(buf, 0, buf.length, null)).bytesRead;
    } catch (e) {
      if (isAgain(e)) return 0;
      throw e;
    }
  }

  /** An answer that came after an earlier exchange gave up would be read as this one's. */
  private async drain(fh: fs.promises.FileHandle): Promise<void> {
    const buf = Buffer.alloc(1024);
    for (let total = 0; total < DRAIN_LIMIT_BYTES;) {
      const n = await this.readSome(fh, buf);
      if (n === 0) return;
      total += n;
    }
  }
}
