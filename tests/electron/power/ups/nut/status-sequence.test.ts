// Real upsd + dummy-ups: mains fails (OL → OB), then the battery runs low (OB LB); the operator
// sees each step with the unit's own readings, and the workflow gets the events.
import { afterEach, describe, expect, it } from 'vitest';
import { startNut, type NutServer } from '../../../../helpers/nut';
import { nutMonitor, OL_DEV } from './fixture';
import { recordEvents, trapUnhandledRejections, waitForStatus } from '../support';
import type { UpsMonitor } from '../../../../../electron/power/ups/monitor';

describe('NUT client: OL → OB → OB LB', () => {
  let nut: NutServer | undefined;
  let monitor: UpsMonitor | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await monitor?.stop();
    await nut?.dispose();
    monitor = nut = undefined;
    trap.assertNone();
  });

  it('follows the unit as the .dev file changes', async () => {
    nut = await startNut({ dev: OL_DEV });
    const rig = nutMonitor(nut);
    monitor = rig.monitor;
    const events = recordEvents(monitor);
    monitor.start();

    const ol = await waitForStatus(monitor, (st) => st.state === 'online');
    expect(ol).toMatchObject({ driver: 'nut', health: 'ok', lastError: null });
    expect(ol.values).toEqual({
      chargePercent: 100,
      runtimeSeconds: 2400,
      inputVoltage: 127,
      outputVoltage: 127,
      frequencyHz: 60,
      loadPercent: 18,
      temperatureC: 31.5,
    });

    nut.writeDev(
      OL_DEV.replace('OL CHRG', 'OB DISCHRG')
        .replace('input.voltage: 127.0', 'input.voltage: 0.0')
        .replace('battery.charge: 100', 'battery.charge: 80'),
    );
    const ob = await waitForStatus(monitor, (s) => s.state === 'on_battery' && s.values.chargePercent === 80);
    expect(ob.values.inputVoltage).toBe(0);
    // dummy-ups shows its placeholder model until it first re-reads the file; then the unit's own.
    expect(ob.name).toBe('CATD Test Dummy 1500');
    expect(monitor.reading()).toMatchObject({ onBattery: true, lowBattery: false, shutdownImminent: false });

    nut.writeDev(
      OL_DEV.replace('OL CHRG', 'OB DISCHRG LB').replace('battery.charge: 100', 'battery.charge: 9'),
    );
    await waitForStatus(monitor, (s) => s.state === 'battery_low' && s.values.chargePercent === 9);
    expect(monitor.reading()).toMatchObject({
      state: 'battery_low',
      onBattery: true,
      lowBattery: true,
      shutdownImminent: true,
    });

    nut.writeDev(OL_DEV.replace('OL CHRG', 'OB LB FSD'));
    await waitForStatus(monitor, (s) => s.state === 'battery_low' && s.values.chargePercent === 100);

    expect(events.map((e) => e.type).filter((t) => t !== 'state_changed')).toEqual([
      'mains_lost',
      'battery_low',
      'shutdown_imminent',
    ]);
  });
});
