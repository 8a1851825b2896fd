// upsd goes away (service restarted, host rebooted): disconnected at once, back by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { startNut, type NutServer } from '../../../../helpers/nut';
import { nutMonitor, OL_DEV } from './fixture';
import { recordEvents, trapUnhandledRejections, waitForState, waitForStatus } from '../support';
import type { UpsMonitor } from '../../../../../electron/power/ups/monitor';

describe('NUT client: upsd stopped and started again', () => {
  let nut: NutServer | undefined;
  let monitor: UpsMonitor | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await monitor?.stop();
    await nut?.dispose();
    monitor = nut = undefined;
    trap.assertNone();
  });

  it('shows disconnected while upsd is down and reconnects when it is back', async () => {
    nut = await startNut({ dev: OL_DEV });
    const rig = nutMonitor(nut);
    monitor = rig.monitor;
    const events = recordEvents(monitor);
    monitor.start();
    await waitForState(monitor, 'online');

    await nut.stopUpsd();
    const down = await waitForState(monitor, 'disconnected', 3_000);
    expect(down.lastError).toMatch(/^ups\.error\.nut(ConnectionLost|Unreachable)$/);
    expect(down.values).toEqual({});

    // Refused connections while it is down: retried, shown, never thrown.
    await new Promise((r) => setTimeout(r, 800));
    expect(monitor.status()).toMatchObject({ state: 'disconnected', lastError: 'ups.error.nutUnreachable' });

    await nut.startUpsd();
    await waitForStatus(monitor, (s) => s.state === 'online' && s.lastError === null, 10_000);
    // A freshly started upsd may answer DATA-STALE until it has read its driver: shown as such.
    const types = events.map((e) => e.type).filter((t) => t !== 'state_changed' && t !== 'data_stale');
    expect(types).toEqual(['communication_lost', 'communication_restored']);
  });

  it('starts disconnected when no upsd listens, and connects once one does', async () => {
    nut = await startNut({ dev: OL_DEV });
    await nut.stopUpsd();
    const rig = nutMonitor(nut);
    monitor = rig.monitor;
    monitor.start();
    const s = await waitForStatus(monitor, (st) => st.lastError === 'ups.error.nutUnreachable');
    expect(s.state).toBe('disconnected');
    await nut.startUpsd();
    await waitForState(monitor, 'online', 10_000);
  });
});
