import { describe, expect, it } from 'vitest';
import { startPlantRig } from './rig';

describe('plant over Modbus RTU: controller silent', () => {
  it('keeps the last state through one missed answer, then shows disconnected (no answer)', async () => {
    const rig = await startPlantRig({ maxMissedPolls: 3 });
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    const seenBefore = rig.seen.length;

    rig.slave.behaviour = { kind: 'silent' };
    await rig.slave.waitForRequests(1);
    await new Promise((r) => setTimeout(r, 200)); // one response timeout (150 ms) has passed
    expect(rig.monitor.status().state).toBe('standby');

    const lost = await rig.waitFor((s) => s.state === 'disconnected', 'disconnected');
    expect(lost.lastError).toBe('plant.error.noAnswer');
    expect(lost.health).toBe('offline');
    expect(lost.values).toEqual({});
    expect(rig.monitor.snapshot()).toBeNull();
    // No flicker between the first miss and the verdict.
    expect(rig.seen.slice(seenBefore).map((s) => s.state)).toEqual(['disconnected']);

    rig.slave.behaviour = { kind: 'answer' };
    const back = await rig.waitFor((s) => s.state === 'standby', 'answers again');
    expect(back.values.mainsVoltage).toBe(127);
  });

  it('shows no answer when the controller never answered (wrong unit id)', async () => {
    const rig = await startPlantRig({ unitId: 11 });
    const s = await rig.waitFor((s) => s.lastError === 'plant.error.noAnswer', 'no answer');
    expect(s.state).toBe('disconnected');
    expect(rig.slave.requests).toBe(0);
  });
});
