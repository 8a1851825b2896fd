// A USB HID UPS through the small device interface: polled, followed through a mains failure,
// unplugged (reads throw, opens fail) and plugged back in, without hardware.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../../electron/platform/clock';
import { createMemoryLogger } from '../../../../../electron/platform/logger';
import { createUpsMonitor, HidUpsConfigSchema, type UpsMonitor } from '../../../../../electron/power/ups';
import { FakeHidUps } from './fake-device';
import { recordEvents, trapUnhandledRejections, waitForState, waitForStatus } from '../support';

const ONLINE = {
  0x01: [0x01, 0b0000_0101, 0x00],
  0x06: [0x06, 100, 0x10, 0x0e, 0, 0],
  0x07: [0x07, 0, 0, 0, 0, 0, 21, 0],
  0x0e: [0x0e, 127, 0],
};

function start(fake: FakeHidUps): UpsMonitor {
  const config = HidUpsConfigSchema.parse({
    driver: 'usbhid',
    vendorId: '0x0463',
    productId: 'ffff',
    pollIntervalMs: 50,
    staleAfterMs: 300,
    disconnectAfterMs: 800,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
    readTimeoutMs: 100,
  });
  const monitor = createUpsMonitor(config, {
    clock: systemClock,
    logger: createMemoryLogger(),
    openHid: fake.open,
  });
  monitor.start();
  return monitor;
}

describe('USB HID UPS: polling, unplug and replug', () => {
  let monitor: UpsMonitor | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await monitor?.stop();
    monitor = undefined;
    trap.assertNone();
  });

  it('shows the unit online with its readings, then on battery when ACPresent drops', async () => {
    const fake = new FakeHidUps(ONLINE);
    monitor = start(fake);
    const s = await waitForState(monitor, 'online');
    expect(s).toMatchObject({ driver: 'usbhid', name: 'EATON Fake 3S', health: 'ok' });
    expect(s.values).toEqual({
      chargePercent: 100,
      runtimeSeconds: 3600,
      loadPercent: 21,
      outputVoltage: 127,
    });

    fake.setReport([0x01, 0b0001_0000, 0x00]); // Discharging, no ACPresent
    await waitForState(monitor, 'on_battery');
    expect(monitor.reading()).toMatchObject({ onBattery: true, lowBattery: false });
  });

  it('unplugged → disconnected (USB lost, then not found); plugged back → online again by itself', async () => {
    const fake = new FakeHidUps(ONLINE);
    monitor = start(fake);
    const events = recordEvents(monitor);
    await waitForState(monitor, 'online');

    fake.plugged = false;
    const lost = await waitForState(monitor, 'disconnected');
    expect(lost).toMatchObject({ lastError: 'ups.error.hidLost', health: 'offline', values: {} });
    await waitForStatus(monitor, (s) => s.lastError === 'ups.error.hidNotFound');
    const opensWhileUnplugged = fake.opens;

    fake.plugged = true;
    await waitForStatus(monitor, (s) => s.state === 'online' && s.lastError === null);
    expect(fake.opens).toBe(opensWhileUnplugged + 1);
    expect(events.map((e) => e.type).filter((t) => t !== 'state_changed')).toEqual([
      'communication_lost',
      'communication_restored',
    ]);
  });

  it('a wedged device (read never returns): data_stale, then disconnected and reopened', async () => {
    const fake = new FakeHidUps(ONLINE);
    monitor = start(fake);
    await waitForState(monitor, 'online');
    fake.wedged = true;
    const stale = await waitForState(monitor, 'data_stale');
    expect(stale.lastError).toBe('ups.error.noAnswer');
    await waitForState(monitor, 'disconnected');
    fake.wedged = false;
    await waitForState(monitor, 'online');
    expect(fake.opens).toBeGreaterThanOrEqual(2);
  });

  it('a short report is garbage: shown stale with the reason, never a crash', async () => {
    const fake = new FakeHidUps(ONLINE);
    monitor = start(fake);
    await waitForState(monitor, 'online');
    fake.setReport([0x06, 100]);
    const s = await waitForState(monitor, 'data_stale');
    expect(s.lastError).toBe('ups.error.garbled');
    fake.setReport(ONLINE[0x06]);
    await waitForState(monitor, 'online');
  });
});
