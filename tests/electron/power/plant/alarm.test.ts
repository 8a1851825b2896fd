import { describe, expect, it } from 'vitest';
import { startPlantRig } from './rig';

describe('plant over Modbus RTU: controller alarms', () => {
  it('a shutdown alarm while running stops the engine and shows alarm with its code', async () => {
    const rig = await startPlantRig();
    rig.slave.genset.failMains();
    await rig.waitFor((s) => s.state === 'running', 'running');

    rig.slave.genset.raiseAlarm('shutdown');
    const alarm = await rig.waitFor((s) => s.state === 'alarm', 'alarm');
    expect(alarm.health).toBe('fault');
    expect(alarm.lastError).toBe('plant.alarm.shutdown');
    expect(alarm.values.engineRpm).toBe(0);
    expect(alarm.values.alarmCount).toBe(1);
    expect(rig.monitor.snapshot()?.alarms).toEqual(['shutdown']);

    rig.slave.genset.clearAlarms();
    const after = await rig.waitFor((s) => s.state !== 'alarm', 'alarm cleared');
    expect(after.values.alarmCount).toBe(0);
  });

  it('a warning alarm colours the status but keeps the engine state', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    rig.slave.genset.raiseAlarm('warning');
    const warned = await rig.waitFor((s) => s.values.alarmCount === 1, 'warning');
    expect(warned.state).toBe('standby');
    expect(warned.health).toBe('warning');
    expect(warned.lastError).toBe('plant.alarm.warning');
  });

  it('lists every active alarm code, in map order', async () => {
    const rig = await startPlantRig();
    rig.slave.genset.raiseAlarm('warning');
    rig.slave.genset.raiseAlarm('electricalTrip');
    const s = await rig.waitFor((s) => s.values.alarmCount === 2, 'two alarms');
    expect(s.state).toBe('alarm');
    expect(s.lastError).toBe('plant.alarm.electricalTrip');
    expect(rig.monitor.snapshot()?.alarms).toEqual(['electricalTrip', 'warning']);
  });
});
