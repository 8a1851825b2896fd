import { describe, expect, it } from 'vitest';
import { startPlantRig } from './rig';

describe('plant over Modbus RTU: mains failure and return', () => {
  it('goes standby → starting → running on mains failure, then back to standby after cooldown', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby on mains');

    rig.slave.genset.failMains();
    const waiting = await rig.waitFor((s) => s.values.mainsPresent === 0, 'mains absent');
    // Start delay: mains gone and the engine not yet turning is the worst moment for the station.
    expect(waiting.state).toBe('standby');
    expect(waiting.health).toBe('fault');
    expect(waiting.lastError).toBe('plant.warning.mainsAbsentNotRunning');

    const starting = await rig.waitFor((s) => s.state === 'starting', 'starting');
    expect(starting.values.engineRpm).toBe(250);
    expect(starting.health).toBe('warning');

    const running = await rig.waitFor((s) => s.state === 'running', 'running');
    expect(running.values).toMatchObject({
      engineRpm: 1800,
      generatorVoltage: 127,
      generatorFrequencyHz: 60,
      mainsVoltage: 0,
      mainsPresent: 0,
    });
    expect(running.health).toBe('warning');
    expect(running.lastError).toBe('plant.warning.mainsAbsent');

    rig.slave.genset.restoreMains();
    // Cooldown: mains is back but the engine keeps running off load for a while.
    const cooling = await rig.waitFor((s) => s.values.mainsPresent === 1, 'mains back');
    expect(cooling.state).toBe('running');
    expect(cooling.health).toBe('ok');

    const standby = await rig.waitFor((s) => s.state === 'standby', 'standby after cooldown');
    expect(standby.values.engineRpm).toBe(0);
    expect(standby.lastError).toBeNull();

    const states = rig.seen.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['standby', 'starting', 'running', 'standby']);
    expect(rig.log.lines.filter((l) => l.event === 'plant-state-changed').map((l) => l.state)).toEqual([
      'standby',
      'starting',
      'running',
      'standby',
    ]);
  });
});
