// USB keyboard-wedge reader read through hidraw with node-hid's async API. The device part is
// a loop over a small read interface, so tests drive it with a fake device and recorded reports.
// On Linux the kernel keyboard driver also receives these keystrokes (hidraw reads a copy), so
// the kiosk must not leave a text field focused where a stray scan could be typed.
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { HidScanDecoder } from './hid-decoder';
import type { KeyboardLayout } from './hid-layouts';
import {
  READER_RECONNECT_INITIAL_MS,
  READER_RECONNECT_MAX_MS,
  ReaderHub,
  type CodeReader,
  type ReaderScan,
  type ReaderStatus,
} from './reader';
import { backoffMs } from '../../platform/backoff';

/** How long one read waits for a report, so stop() is noticed promptly. */
export const HID_READ_TIMEOUT_MS = 250;
/** Keystrokes of one scan arrive milliseconds apart; this much silence mid-scan means it broke off. */
export const HID_SCAN_IDLE_MS = 1_000;

/** The part of node-hid's HIDAsync the reader uses. */
export interface HidDeviceHandle {
  /** Next input report, or undefined when none came within timeoutMs. Rejects when unplugged. */
  read(timeoutMs: number): Promise<Buffer | Uint8Array | undefined>;
  close(): Promise<void>;
}

/** Finds and opens the reader; rejects with a message key when it is not there. */
export type HidOpener = () => Promise<HidDeviceHandle>;

export class HidReaderNotFound extends Error {
  constructor() {
    super('reader.error.notFound');
    this.name = 'HidReaderNotFound';
  }
}

export interface HidReaderOptions {
  name: string;
  layout: KeyboardLayout;
  reportIdBytes?: number;
  reconnect?: { initialMs: number; maxMs: number };
  scanIdleMs?: number;
  open: HidOpener;
}

export class HidKeyboardReader implements CodeReader {
  readonly driver = 'hid' as const;
  private readonly hub: ReaderHub;
  private readonly decoder: HidScanDecoder;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private device: HidDeviceHandle | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly opts: HidReaderOptions,
    private readonly deps: { clock: Clock; logger: Logger },
  ) {
    this.hub = new ReaderHub(deps.clock, 'hid', opts.name);
    this.decoder = new HidScanDecoder({ layout: opts.layout, reportIdBytes: opts.reportIdBytes ?? 0 });
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
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run().catch((err: unknown) => {
      this.deps.logger.error('reader-loop-crashed', { driver: 'hid', message: (err as Error)?.message });
      this.hub.setStatus('disconnected', 'reader.error.internal');
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const loop = this.loop;
    this.loop = null;
    await loop;
  }

  private async run(): Promise<void> {
    const log = this.deps.logger;
    const { initialMs, maxMs } = this.opts.reconnect ?? {
      initialMs: READER_RECONNECT_INITIAL_MS,
      maxMs: READER_RECONNECT_MAX_MS,
    };
    let attempt = 0;
    while (!this.stopping) {
      try {
        this.device = await this.opts.open();
      } catch (err) {
        const key = err instanceof HidReaderNotFound ? 'reader.error.notFound' : 'reader.error.open';
        log.warn('reader-open-failed', { driver: 'hid', reason: key, message: (err as Error)?.message });
        this.hub.setStatus('disconnected', key);
        await this.sleep(backoffMs(attempt++, initialMs, maxMs));
        continue;
      }
      attempt = 0;
      log.info('reader-connected', { driver: 'hid' });
      this.hub.setStatus('connected', null);
      const lost = await this.readUntilLost(this.device);
      await this.device.close().catch(() => undefined);
      this.device = null;
      const partial = this.decoder.abandon();
      if (partial) this.hub.deliver(partial);
      if (this.stopping) break;
      log.warn('reader-disconnected', { driver: 'hid', message: lost });
      this.hub.setStatus('disconnected', 'reader.error.unplugged');
      await this.sleep(backoffMs(attempt++, initialMs, maxMs));
    }
  }

  /** Reads reports until the device fails; returns the failure message. */
  private async readUntilLost(device: HidDeviceHandle): Promise<string> {
    const idleMs = this.opts.scanIdleMs ?? HID_SCAN_IDLE_MS;
    let lastReportAt = Date.now();
    while (!this.stopping) {
      let report: Buffer | Uint8Array | undefined;
      try {
        report = await device.read(HID_READ_TIMEOUT_MS);
      } catch (err) {
        return (err as Error)?.message ?? String(err);
      }
      const now = Date.now();
      if (report && report.length > 0) {
        lastReportAt = now;
        for (const scan of this.decoder.push(report)) this.hub.deliver(scan);
      } else if (this.decoder.pending !== '' && now - lastReportAt >= idleMs) {
        const partial = this.decoder.abandon();
        if (partial) this.hub.deliver(partial);
      }
    }
    return 'stopped';
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}

/**
 * Opens the first HID interface of the given vendor/product that is a keyboard (usage page 1,
 * usage 6), or the one at `path`. node-hid is loaded here, not at import, so the decoder and
 * the tests never load the native module.
 */
export function nodeHidOpener(match: { vendorId?: number; productId?: number; path?: string }): HidOpener {
  return async () => {
    const HID = await import('node-hid');
    // The default libusb driver needs libusb-1.0 and detaches the kernel driver; hidraw does not.
    HID.setDriverType('hidraw');
    let path = match.path;
    if (!path) {
      const all =
        match.vendorId !== undefined && match.productId !== undefined
          ? await HID.devicesAsync(match.vendorId, match.productId)
          : await HID.devicesAsync();
      const keyboards = all.filter(
        (d) =>
          (match.vendorId === undefined || d.vendorId === match.vendorId) &&
          (match.productId === undefined || d.productId === match.productId),
      );
      const chosen = keyboards.find((d) => d.usagePage === 1 && d.usage === 6) ?? keyboards[0];
      path = chosen?.path;
    }
    if (!path) throw new HidReaderNotFound();
    const device = await HID.HIDAsync.open(path);
    // HIDAsync emits 'error' when the device goes away; without a listener Node would throw.
    device.on('error', () => undefined);
    return {
      read: (timeoutMs) => device.read(timeoutMs),
      close: () => device.close(),
    };
  };
}
