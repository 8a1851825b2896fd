import { describe, expect, it } from 'vitest';
import { startPlantRig } from './rig';

describe('plant over Modbus RTU: cable pulled and plugged back', () => {
  it('shows disconnected (unplugged / port missing) and reconnects when the line returns', async () => {
    const rig = await startPlantRig();
    await rig.waitFor((s) => s.state === 'standby', 'standby');
    const rejections: unknown[] = [];
    const onRejection = (r: unknown) => rejections.push(r);
    process.on('unhandledRejection', onRejection);
    try {
      await rig.pair.kill();
      const lost = await rig.waitFor((s) => s.state === 'disconnected', 'disconnected');
      expect(['plant.error.unplugged', 'plant.error.portMissing']).toContain(lost.lastError);
      // While the adapter is missing, reopening fails and the status says so.
      await rig.waitFor((s) => s.lastError === 'plant.error.portMissing', 'port missing');

      await rig.pair.start();
      await rig.restartSlave();
      const back = await rig.waitFor((s) => s.state === 'standby', 'reconnected');
      expect(back.values.mainsVoltage).toBe(127);
      expect(rig.log.lines.some((l) => l.event === 'plant-connect-complete')).toBe(true);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });

  it('starts disconnected when the port does not exist, and retries with backoff', async () => {
    const rig = await startPlantRig({
      path: '/nonexistent/ttyUSB9',
      reconnect: { initialMs: 40, maxMs: 160 },
    });
    await rig.waitFor((s) => s.lastError === 'plant.error.portMissing', 'port missing');
    await new Promise((r) => setTimeout(r, 700));
    const attempts = rig.log.lines
      .filter((l) => l.event === 'plant-connect-init')
      .map((l) => Date.parse(l.t as string));
    // 40, 80, 160, 160… ms apart: a handful of attempts, not a busy loop.
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length).toBeLessThanOrEqual(9);
    expect(rig.monitor.status().state).toBe('disconnected');
  });
});
