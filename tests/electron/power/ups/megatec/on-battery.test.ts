// Mains fails, then the battery runs low: the operator sees it, the workflow gets events.
import { afterEach, describe, expect, it } from 'vitest';
import { startMegatecRig, type MegatecRig } from './fixture';
import { recordEvents, trapUnhandledRejections, waitForState } from '../support';

describe('Megatec UPS: on battery and low battery', () => {
  let rig: MegatecRig | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
    trap.assertNone();
  });

  it('goes online → on battery → battery low → online, with events and readings at each step', async () => {
    rig = await startMegatecRig('mains');
    const events = recordEvents(rig.monitor);
    rig.monitor.start();
    await waitForState(rig.monitor, 'online');

    rig.sim.setCondition('on_battery');
    const ob = await waitForState(rig.monitor, 'on_battery');
    expect(ob.health).toBe('warning');
    expect(ob.values.inputVoltage).toBe(0);
    // 24.1 V over 12 cells = 2.008 V/cell: about half between empty (1.75) and full (2.25).
    expect(ob.values.chargePercent).toBe(52);
    expect(rig.monitor.reading()).toMatchObject({
      state: 'on_battery',
      onBattery: true,
      lowBattery: false,
      shutdownImminent: false,
    });

    rig.sim.setCondition('low_battery');
    const lb = await waitForState(rig.monitor, 'battery_low');
    expect(lb.health).toBe('fault');
    expect(lb.values.chargePercent).toBe(10);
    expect(rig.monitor.reading()).toMatchObject({
      onBattery: true,
      lowBattery: true,
      shutdownImminent: true,
    });

    rig.sim.setCondition('mains');
    await waitForState(rig.monitor, 'online');
    expect(rig.monitor.reading()).toMatchObject({
      onBattery: false,
      lowBattery: false,
      shutdownImminent: false,
    });

    const types = events.map((e) => e.type).filter((t) => t !== 'state_changed');
    expect(types).toEqual(['mains_lost', 'battery_low', 'shutdown_imminent', 'mains_restored']);
    expect(
      events.filter((e) => e.type === 'state_changed').map((e) => `${e.from}→${e.reading.state}`),
    ).toEqual(['disconnected→online', 'online→on_battery', 'on_battery→battery_low', 'battery_low→online']);
  });
});
