// The cable is pulled mid-read (socat killed) and plugged back (socat restarted): disconnected at
// once, then back online by itself, with no crash and no unhandled rejection.
import { afterEach, describe, expect, it } from 'vitest';
import { startMegatecRig, type MegatecRig } from './fixture';
import { recordEvents, trapUnhandledRejections, waitForState, waitForStatus } from '../support';

describe('Megatec UPS: unplug and replug', () => {
  let rig: MegatecRig | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
    trap.assertNone();
  });

  it('shows disconnected when the port vanishes and reconnects when it is back', async () => {
    rig = await startMegatecRig('mains');
    const events = recordEvents(rig.monitor);
    rig.monitor.start();
    await waitForState(rig.monitor, 'online');

    // Pull the cable while the driver is waiting for a reply.
    rig.sim.setCondition('silence');
    await new Promise((r) => setTimeout(r, 150));
    const pulledAt = Date.now();
    await rig.pty.kill();
    const gone = await waitForState(rig.monitor, 'disconnected');
    expect(gone.lastError).toMatch(/^ups\.error\.(portLost|portUnavailable)$/);
    expect(Date.now() - pulledAt).toBeLessThan(1_000);

    // While unplugged the driver keeps trying to reopen the path (it no longer exists).
    await new Promise((r) => setTimeout(r, 600));
    expect(rig.monitor.status().state).toBe('disconnected');
    expect(rig.log.lines.filter((l) => l.event === 'ups-reconnect-scheduled').length).toBeGreaterThan(1);

    rig.sim.setCondition('mains');
    await rig.pty.start();
    await waitForStatus(rig.monitor, (s) => s.state === 'online' && s.lastError === null, 10_000);
    expect(events.map((e) => e.type)).toContain('communication_restored');
  });
});
