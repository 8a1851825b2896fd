import { describe, expect, it } from 'vitest';
import { startPlantRig } from './rig';

describe('plant over Modbus RTU: low fuel', () => {
  it('raises lowFuel at the configured threshold and clears it after refuelling', async () => {
    const rig = await startPlantRig({ thresholds: { lowFuelPercent: 30 } });
    await rig.waitFor((s) => s.state === 'standby', 'standby');

    rig.slave.genset.setFuel(31);
    const above = await rig.waitFor((s) => s.values.fuelPercent === 31, 'fuel 31 %');
    expect(above.values.lowFuel).toBe(0);
    expect(above.health).toBe('ok');

    rig.slave.genset.setFuel(30);
    const low = await rig.waitFor((s) => s.values.fuelPercent === 30, 'fuel 30 %');
    expect(low.values.lowFuel).toBe(1);
    expect(low.health).toBe('warning');
    expect(low.lastError).toBe('plant.warning.lowFuel');
    expect(rig.monitor.snapshot()?.lowFuel).toBe(true);

    rig.slave.genset.setFuel(90);
    const refuelled = await rig.waitFor((s) => s.values.fuelPercent === 90, 'refuelled');
    expect(refuelled.values.lowFuel).toBe(0);
    expect(refuelled.lastError).toBeNull();
  });

  it('uses 25 % when no threshold is configured', async () => {
    const rig = await startPlantRig();
    rig.slave.genset.setFuel(26);
    expect((await rig.waitFor((s) => s.values.fuelPercent === 26, 'fuel 26 %')).values.lowFuel).toBe(0);
    rig.slave.genset.setFuel(25);
    expect((await rig.waitFor((s) => s.values.fuelPercent === 25, 'fuel 25 %')).values.lowFuel).toBe(1);
  });
});
