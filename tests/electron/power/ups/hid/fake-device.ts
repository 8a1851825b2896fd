// A HID UPS without hardware: serves feature reports from bytes the test sets, and can be
// unplugged (reads throw like node-hid's "could not get feature report", opens fail) or wedged.
import {
  HidDeviceNotFound,
  type HidDeviceHandle,
  type HidOpener,
} from '../../../../../electron/power/ups/hid/transport';

export class FakeHidUps {
  reports = new Map<number, number[]>();
  plugged = true;
  wedged = false;
  opens = 0;
  reads = 0;

  constructor(reports: Record<number, number[]>) {
    for (const [id, bytes] of Object.entries(reports)) this.reports.set(Number(id), bytes);
  }

  setReport(bytes: number[]): void {
    this.reports.set(bytes[0]!, bytes);
  }

  readonly open: HidOpener = async (target) => {
    if (!this.plugged) throw new HidDeviceNotFound(target);
    this.opens += 1;
    const handle: HidDeviceHandle = {
      name: 'EATON Fake 3S',
      getFeatureReport: async (id, length) => {
        this.reads += 1;
        if (this.wedged) return new Promise<number[]>(() => {});
        if (!this.plugged) throw new Error('could not get feature report from device');
        const bytes = this.reports.get(id);
        if (!bytes) throw new Error('could not get feature report from device');
        return bytes.slice(0, length);
      },
      close: async () => {
        if (!this.plugged) throw new Error('device gone');
      },
    };
    return handle;
  };
}
