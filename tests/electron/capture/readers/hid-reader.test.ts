import { describe, expect, it, afterEach } from 'vitest';
import { systemClock } from '../../../../electron/platform/clock';
import { createMemoryLogger } from '../../../../electron/platform/logger';
import {
  HidKeyboardReader,
  HidReaderNotFound,
  type HidDeviceHandle,
} from '../../../../electron/capture/readers/hid-reader';
import type { ReaderScan, ReaderStatus } from '../../../../electron/capture/readers/reader';
import { typed } from './hid-reports';

/** A reader on a USB port that a test can plug, unplug and type into. */
class FakeHidPort {
  plugged = true;
  opens = 0;
  private queue: Uint8Array[] = [];
  private waiting: { resolve: (r: Uint8Array | undefined) => void; reject: (e: Error) => void } | null = null;
  private current: HidDeviceHandle | null = null;

  readonly open = async (): Promise<HidDeviceHandle> => {
    if (!this.plugged) throw new HidReaderNotFound();
    this.opens++;
    let alive = true;
    const handle: HidDeviceHandle = {
      read: (timeoutMs) =>
        new Promise((resolve, reject) => {
          if (!alive || !this.plugged) return reject(new Error('could not read from HID device'));
          const next = this.queue.shift();
          if (next) return resolve(next);
          const t = setTimeout(() => {
            this.waiting = null;
            resolve(undefined);
          }, timeoutMs);
          this.waiting = {
            resolve: (r) => {
              clearTimeout(t);
              resolve(r);
            },
            reject: (e) => {
              clearTimeout(t);
              reject(e);
            },
          };
        }),
      close: async () => {
        alive = false;
      },
    };
    this.current = handle;
    return handle;
  };

  type(reports: Uint8Array[]): void {
    for (const r of reports) {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w.resolve(r);
      } else this.queue.push(r);
    }
  }

  unplug(): void {
    this.plugged = false;
    this.queue = [];
    const w = this.waiting;
    this.waiting = null;
    w?.reject(new Error('could not read from HID device'));
  }
}

const readers: HidKeyboardReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.stop()));
});

function setup(layout: 'us' | 'latam' = 'us') {
  const port = new FakeHidPort();
  const log = createMemoryLogger();
  const reader = new HidKeyboardReader(
    { name: 'Lector', layout, open: port.open, reconnect: { initialMs: 20, maxMs: 80 }, scanIdleMs: 150 },
    { clock: systemClock, logger: log },
  );
  readers.push(reader);
  const scans: ReaderScan[] = [];
  const statuses: ReaderStatus[] = [];
  reader.onScan((s) => scans.push(s));
  reader.onStatus((s) => statuses.push(s));
  const until = async (pred: () => boolean, what: string) => {
    const deadline = Date.now() + 3_000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { port, reader, scans, statuses, until, log };
}

describe('HID keyboard-wedge reader (device loop)', () => {
  it('connects and delivers a scanned label as an acta key', async () => {
    const { port, reader, scans, until } = setup();
    reader.start();
    await until(() => reader.status().state === 'connected', 'connected');
    port.type(typed('PREP|2024|PRES|09|05|1234|B|1|8'));
    await until(() => scans.length === 1, 'one scan');
    expect(scans[0]).toMatchObject({
      text: 'PREP|2024|PRES|09|05|1234|B|1|8',
      driver: 'hid',
      key: {
        ok: true,
        value: {
          election: 'PRES',
          entidad: '09',
          distrito: '05',
          seccion: '1234',
          casillaType: 'B',
          casillaNumber: 1,
        },
      },
    });
  });

  it('delivers a label with a wrong check digit with its acta-key error', async () => {
    const { port, reader, scans, until } = setup('latam');
    reader.start();
    await until(() => reader.status().state === 'connected', 'connected');
    port.type(typed('PREP|2024|PRES|09|05|1234|B|1|7', 'latam'));
    await until(() => scans.length === 1, 'one scan');
    expect(scans[0]).toMatchObject({ key: { ok: false, error: 'actaKey.error.checkDigit' } });
  });

  it('unplugged: shows disconnected, reports the broken-off scan, and reconnects when plugged back', async () => {
    const { port, reader, scans, statuses, until } = setup();
    reader.start();
    await until(() => reader.status().state === 'connected', 'connected');
    port.type(typed('PREP|20').slice(0, 10)); // half a label, then the cable comes out
    await new Promise((r) => setTimeout(r, 30));
    port.unplug();
    await until(() => reader.status().state === 'disconnected', 'disconnected');
    expect(reader.status().lastError).toBe('reader.error.unplugged');
    await until(() => reader.status().lastError === 'reader.error.notFound', 'not found while unplugged');
    expect(scans).toEqual([
      expect.objectContaining({ key: { ok: false, error: 'reader.error.incomplete' }, text: 'PREP|' }),
    ]);

    port.plugged = true;
    await until(() => reader.status().state === 'connected', 'reconnected');
    expect(port.opens).toBe(2);
    port.type(typed('PREP|2024|PRES|09|05|1234|B|1|8'));
    await until(() => scans.length === 2, 'scan after replug');
    expect(scans[1]?.key.ok).toBe(true);
    expect(statuses.map((s) => s.state)).toEqual(['connected', 'disconnected', 'disconnected', 'connected']);
  });

  it('a scan that stops arriving mid-way is reported incomplete, not glued to the next one', async () => {
    const { port, reader, scans, until } = setup();
    reader.start();
    await until(() => reader.status().state === 'connected', 'connected');
    port.type(typed('1234').slice(0, 4));
    await until(() => scans.length === 1, 'incomplete scan');
    expect(scans[0]).toMatchObject({ key: { ok: false, error: 'reader.error.incomplete' }, text: '12' });
    port.type(typed('PREP|2024|PRES|09|05|1234|B|1|8'));
    await until(() => scans.length === 2, 'next scan');
    expect(scans[1]?.text).toBe('PREP|2024|PRES|09|05|1234|B|1|8');
  });

  it('stop() ends the loop and closes the device', async () => {
    const { port, reader, until, scans } = setup();
    reader.start();
    await until(() => reader.status().state === 'connected', 'connected');
    await reader.stop();
    port.type(typed('12'));
    await new Promise((r) => setTimeout(r, 100));
    expect(scans).toEqual([]);
  });
});
