import { describe, expect, it } from 'vitest';
import { startPlantRig } from './rig';

describe('plant over Modbus RTU: normal reading', () => {
  it('shows standby on mains with the controller readings, scaled and named', async () => {
    const rig = await startPlantRig();
    const s = await rig.waitFor((s) => s.state === 'standby', 'standby');
    expect(s.health).toBe('ok');
    expect(s.lastError).toBeNull();
    expect(s.driver).toBe('modbus');
    expect(s.values).toEqual({
      mainsVoltage: 127,
      mainsFrequencyHz: 60,
      generatorVoltage: 0,
      generatorFrequencyHz: 0,
      engineRpm: 0,
      fuelPercent: 85,
      engineBatteryVoltage: 13.2,
      mainsPresent: 1,
      lowFuel: 0,
      alarmCount: 0,
    });
    expect(rig.monitor.snapshot()).toMatchObject({ mainsPresent: true, lowFuel: false, alarms: [] });
  });

  it('follows a change in the controller on the next poll', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    rig.slave.genset.engineBatteryVoltage = 11.6;
    const s = await rig.waitFor((s) => s.values.engineBatteryVoltage === 11.6, 'new battery voltage');
    expect(s.state).toBe('standby');
  });

  it('stops polling when stopped: the controller sees no more requests', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    await rig.monitor.stop();
    const before = rig.slave.requests;
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.slave.requests).toBe(before);
  });
});
