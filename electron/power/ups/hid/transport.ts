// USB HID Power Device UPS through node-hid (hidraw on Linux, so no libusb is needed): opens the
// unit by vendor/product id, reads the feature reports the layout names, decodes them.
// An unplugged unit makes the read throw; that is a lost link, reopened with backoff.
import { err, ok } from '../../../platform/result';
import type { ConnectResult, PollResult, UpsTransport } from '../types';
import { decodeHidReports, interpretHidFields, reportLengths, type HidLayout } from './report';

/** A feature report read takes a few ms; a wedged device or hub may never answer. */
export const HID_READ_TIMEOUT_MS = 2_000;

/** The little of a HID device this driver uses (node-hid's HIDAsync has it; tests pass a fake). */
export interface HidDeviceHandle {
  /** Returns the report with its id as the first byte (as hidraw does). */
  getFeatureReport(reportId: number, length: number): Promise<Uint8Array | number[]>;
  close(): Promise<void>;
  /** Manufacturer and product strings, when the device gives them. */
  readonly name?: string;
}

export interface HidTarget {
  vendorId: number;
  productId: number;
  /** A specific hidraw path, when two identical units are attached. */
  path?: string;
}

export type HidOpener = (target: HidTarget) => Promise<HidDeviceHandle>;

export class HidDeviceNotFound extends Error {
  constructor(target: HidTarget) {
    super(
      `no HID device ${hex(target.vendorId)}:${hex(target.productId)}${target.path ? ` at ${target.path}` : ''}`,
    );
    this.name = 'HidDeviceNotFound';
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** Opens through node-hid, loaded only when a HID UPS is configured (a native module). */
export const openNodeHid: HidOpener = async (target) => {
  const mod = await import('node-hid');
  const HID = (mod as unknown as { default?: typeof mod }).default ?? mod;
  HID.setDriverType('hidraw');
  const found = (await HID.devicesAsync(target.vendorId, target.productId)).filter(
    (d) => d.path && (!target.path || d.path === target.path),
  );
  const info = found[0];
  if (!info?.path) throw new HidDeviceNotFound(target);
  const device = await HID.HIDAsync.open(info.path);
  const name =
    [info.manufacturer, info.product]
      .map((s) => s?.trim())
      .filter(Boolean)
      .join(' ') || undefined;
  return {
    name,
    getFeatureReport: (id, length) => device.getFeatureReport(id, length),
    close: () => device.close(),
  };
};

export interface HidTransportOptions extends HidTarget {
  layout: HidLayout;
  open?: HidOpener;
  readTimeoutMs?: number;
}

export class HidTransport implements UpsTransport {
  readonly driver = 'usbhid';
  private device: HidDeviceHandle | undefined;
  private readonly lengths: Map<number, number>;
  /** A read that never returned: no second read is stacked on a wedged device. */
  private pendingRead: Promise<unknown> | null = null;

  constructor(private readonly opts: HidTransportOptions) {
    this.lengths = reportLengths(opts.layout);
  }

  async connect(): Promise<ConnectResult> {
    await this.close();
    try {
      const { vendorId, productId, path } = this.opts;
      this.device = await (this.opts.open ?? openNodeHid)({ vendorId, productId, ...(path ? { path } : {}) });
    } catch (e) {
      const notFound = e instanceof HidDeviceNotFound;
      return err({
        code: 'connect_failed',
        messageKey: notFound ? 'ups.error.hidNotFound' : 'ups.error.hidNoAccess',
        detail: String(e),
      });
    }
    return ok(this.device.name ? { name: this.device.name } : {});
  }

  async poll(): Promise<PollResult> {
    const device = this.device;
    if (!device) return err({ code: 'link_lost', messageKey: 'ups.error.hidLost', detail: 'not open' });
    if (this.pendingRead) {
      return err({ code: 'no_answer', messageKey: 'ups.error.noAnswer', detail: 'read still pending' });
    }
    const reports = new Map<number, Uint8Array>();
    for (const [reportId, length] of this.lengths) {
      const read = device.getFeatureReport(reportId, length);
      this.pendingRead = read;
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        read.then(
          (bytes) => ({ kind: 'bytes' as const, bytes: Uint8Array.from(bytes) }),
          (err: unknown) => ({ kind: 'error' as const, err }),
        ),
        new Promise<{ kind: 'timeout' }>((resolve) => {
          timer = setTimeout(
            () => resolve({ kind: 'timeout' }),
            this.opts.readTimeoutMs ?? HID_READ_TIMEOUT_MS,
          );
        }),
      ]);
      clearTimeout(timer);
      if (outcome.kind === 'timeout') {
        // Let the stuck read finish (or fail) on its own before the next one is sent.
        void read.then(
          () => (this.pendingRead = null),
          () => (this.pendingRead = null),
        );
        return err({
          code: 'no_answer',
          messageKey: 'ups.error.noAnswer',
          detail: `report 0x${reportId.toString(16)}`,
        });
      }
      this.pendingRead = null;
      if (outcome.kind === 'error') {
        return err({ code: 'link_lost', messageKey: 'ups.error.hidLost', detail: String(outcome.err) });
      }
      reports.set(reportId, outcome.bytes);
    }
    const decoded = decodeHidReports(this.opts.layout, reports);
    if (!decoded.ok) {
      const e = decoded.error;
      return err({
        code: 'bad_reply',
        messageKey: 'ups.error.garbled',
        detail: `${e.code} 0x${e.reportId.toString(16)}: ${e.detail}`,
      });
    }
    const { flags, values } = interpretHidFields(decoded.value);
    return ok({ flags, values, ...(device.name ? { name: device.name } : {}) });
  }

  async close(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    this.pendingRead = null;
    if (!device) return;
    try {
      await device.close();
    } catch {
      // Closing a device that is already gone fails; there is nothing left to release.
    }
  }
}
