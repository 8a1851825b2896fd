// A serial code reader on a real pty: the test writes what the reader would send into the
// device end, the driver reads the host end.
import { SerialPort } from 'serialport';
import { afterEach } from 'vitest';
import { systemClock } from '../../../../electron/platform/clock';
import { createMemoryLogger } from '../../../../electron/platform/logger';
import {
  SerialCodeReader,
  type SerialReaderOptions,
} from '../../../../electron/capture/readers/serial-reader';
import type { ReaderScan, ReaderStatus } from '../../../../electron/capture/readers/reader';
import { startPtyPair, type PtyPair } from '../../../helpers/pty';

export interface SerialRig {
  pair: PtyPair;
  reader: SerialCodeReader;
  scans: ReaderScan[];
  statuses: ReaderStatus[];
  send(bytes: string | Buffer): Promise<void>;
  /** Opens the device end again after a replug. */
  reopenDevice(): Promise<void>;
  until(pred: () => boolean, what: string, timeoutMs?: number): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function openDevice(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return port;
}

export async function startSerialRig(opts: Partial<SerialReaderOptions> = {}): Promise<SerialRig> {
  const pair = await startPtyPair();
  let device = await openDevice(pair.b);
  const reader = new SerialCodeReader(
    {
      name: 'Lector serie',
      path: pair.a,
      baudRate: 9600,
      lineEnding: 'any',
      reconnect: { initialMs: 20, maxMs: 100 },
      lineIdleMs: 200,
      ...opts,
    },
    { clock: systemClock, logger: createMemoryLogger() },
  );
  const scans: ReaderScan[] = [];
  const statuses: ReaderStatus[] = [];
  reader.onScan((s) => scans.push(s));
  reader.onStatus((s) => statuses.push(s));
  cleanups.push(async () => {
    await reader.stop();
    if (device.isOpen) await new Promise<void>((r) => device.close(() => r()));
  });
  const until = async (pred: () => boolean, what: string, timeoutMs = 3_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; scans ${JSON.stringify(scans)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  reader.start();
  await until(() => reader.status().state === 'connected', 'connected');
  return {
    pair,
    reader,
    scans,
    statuses,
    until,
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        device.write(bytes, (e) => (e ? reject(e) : device.drain(() => resolve())));
      }),
    async reopenDevice() {
      device = await openDevice(pair.b);
    },
  };
}
