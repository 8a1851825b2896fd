// A unit that stops answering (hung firmware, wrong cable): data_stale first, then disconnected,
// and it comes back by itself when it answers again.
import { afterEach, describe, expect, it } from 'vitest';
import { startMegatecRig, type MegatecRig, FAST_TIMING } from './fixture';
import { recordEvents, trapUnhandledRejections, waitForState, waitForStatus } from '../support';

describe('Megatec UPS: silence', () => {
  let rig: MegatecRig | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
    trap.assertNone();
  });

  it('goes data_stale, then disconnected (no values shown), then online again when it answers', async () => {
    rig = await startMegatecRig('mains');
    const events = recordEvents(rig.monitor);
    rig.monitor.start();
    await waitForState(rig.monitor, 'online');

    const silentAt = Date.now();
    rig.sim.setCondition('silence');
    const stale = await waitForState(rig.monitor, 'data_stale');
    expect(stale.lastError).toBe('ups.error.noAnswer');
    expect(Date.now() - silentAt).toBeGreaterThanOrEqual(FAST_TIMING.staleAfterMs - 100);

    const gone = await waitForState(rig.monitor, 'disconnected');
    expect(gone).toMatchObject({ health: 'offline', lastError: 'ups.error.noAnswer', values: {} });
    expect(Date.now() - silentAt).toBeGreaterThanOrEqual(FAST_TIMING.disconnectAfterMs - 100);

    rig.sim.setCondition('mains');
    await waitForStatus(rig.monitor, (s) => s.state === 'online' && s.values.loadPercent === 14);
    expect(events.map((e) => e.type).filter((t) => t !== 'state_changed')).toEqual([
      'data_stale',
      'communication_lost',
      'communication_restored',
    ]);
  });

  it('a unit silent from the start stays disconnected (never shows stale numbers it never had)', async () => {
    rig = await startMegatecRig('silence');
    const seen: string[] = [];
    rig.monitor.onStatus((s) => seen.push(s.state));
    rig.monitor.start();
    await new Promise((r) => setTimeout(r, FAST_TIMING.disconnectAfterMs + 500));
    expect(rig.monitor.status()).toMatchObject({ state: 'disconnected', values: {} });
    expect(seen.filter((s) => s !== 'disconnected')).toEqual([]);
    expect(rig.sim.received.filter((c) => c === 'Q1').length).toBeGreaterThan(3);
  });
});
