import { describe, expect, it } from 'vitest';
import { startPlantRig } from './rig';

describe('plant over Modbus RTU: garbage on the line', () => {
  it('shows garbled after repeated bad CRCs and recovers when the answers are good again', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    rig.slave.behaviour = { kind: 'badCrc' };
    const s = await rig.waitFor((s) => s.state === 'disconnected', 'disconnected');
    expect(s.lastError).toBe('plant.error.garbled');
    rig.slave.behaviour = { kind: 'answer' };
    const back = await rig.waitFor((s) => s.state === 'standby', 'standby again');
    expect(back.values.fuelPercent).toBe(85);
  });

  it('bytes that are not a frame read as no answer, and the line resynchronises', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    rig.slave.behaviour = { kind: 'garbage' };
    const s = await rig.waitFor((s) => s.state === 'disconnected', 'disconnected');
    // Noise carries no frame header for unit 10, so to the driver it is as good as silence.
    expect(s.lastError).toBe('plant.error.noAnswer');
    rig.slave.behaviour = { kind: 'answer' };
    await rig.waitFor((s) => s.state === 'standby', 'standby again');
    // The first good poll after garbage must not carry stray bytes into the values.
    expect(rig.monitor.status().values.mainsVoltage).toBe(127);
  });
});
