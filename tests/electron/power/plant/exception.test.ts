import { describe, expect, it } from 'vitest';
import { startPlantRig } from './rig';

describe('plant over Modbus RTU: exception replies', () => {
  it('shows error (illegal address) when the controller refuses the engine registers', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    rig.slave.behaviour = { kind: 'exception', code: 2 };
    const s = await rig.waitFor((s) => s.state === 'error', 'error');
    expect(s.lastError).toBe('plant.error.illegalAddress');
    expect(s.health).toBe('fault');
    rig.slave.behaviour = { kind: 'answer' };
    await rig.waitFor((s) => s.state === 'standby', 'standby again');
  });

  it('a register map pointing where the controller has nothing is an error, not a crash', async () => {
    const rig = await startPlantRig({
      registerMap: { values: { engineRpm: { address: 5000 } } },
    });
    const s = await rig.waitFor((s) => s.state === 'error', 'error');
    expect(s.lastError).toBe('plant.error.illegalAddress');
  });

  it('keeps the readings it can get when only an optional register is refused', async () => {
    const rig = await startPlantRig({
      registerMap: {
        values: { engineRpm: { address: 4 * 256 + 6 }, fuelPercent: { address: 9 * 256 } },
      },
    });
    const s = await rig.waitFor((s) => s.state === 'standby', 'standby');
    expect(s.values.engineRpm).toBe(0);
    expect(s.values.fuelPercent).toBeUndefined();
    expect(s.health).toBe('warning');
    expect(s.lastError).toBe('plant.error.illegalAddress');
  });

  it('treats "busy" as a missed poll, not a configuration error', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    rig.slave.behaviour = { kind: 'exception', code: 6 };
    const s = await rig.waitFor((s) => s.state === 'disconnected', 'disconnected');
    expect(s.lastError).toBe('plant.error.busy');
  });
});
