// The NUT driver behind upsd stops (crashed, USB unplugged) or hangs: upsd says
// DRIVER-NOT-CONNECTED or DATA-STALE and the operator sees which; both recover by themselves.
import { afterEach, describe, expect, it } from 'vitest';
import { startNut, type NutServer } from '../../../../helpers/nut';
import { nutMonitor, OL_DEV } from './fixture';
import { trapUnhandledRejections, waitForState, waitForStatus } from '../support';
import type { UpsMonitor } from '../../../../../electron/power/ups/monitor';

describe('NUT client: driver stopped or hung', () => {
  let nut: NutServer | undefined;
  let monitor: UpsMonitor | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await monitor?.stop();
    await nut?.dispose();
    monitor = nut = undefined;
    trap.assertNone();
  });

  it('driver stopped → disconnected (driver not connected); started → online', async () => {
    nut = await startNut({ dev: OL_DEV });
    const rig = nutMonitor(nut);
    monitor = rig.monitor;
    monitor.start();
    await waitForState(monitor, 'online');

    await nut.stopDriver();
    const s = await waitForState(monitor, 'disconnected', 3_000);
    expect(s).toMatchObject({ lastError: 'ups.error.nutDriverNotConnected', health: 'offline' });
    // upsd itself is fine: the client keeps its one connection rather than reconnecting.
    expect(rig.log.lines.filter((l) => l.event === 'ups-link-lost')).toEqual([]);

    await nut.startDriver();
    await waitForStatus(monitor, (st) => st.state === 'online' && st.lastError === null, 10_000);
  });

  it('driver hung → data_stale with the last readings; resumed → online', async () => {
    nut = await startNut({ dev: OL_DEV, maxAgeSeconds: 1 });
    const rig = nutMonitor(nut);
    monitor = rig.monitor;
    monitor.start();
    const online = await waitForState(monitor, 'online');

    nut.pauseDriver();
    const stale = await waitForState(monitor, 'data_stale', 8_000);
    expect(stale).toMatchObject({ lastError: 'ups.error.nutDataStale', health: 'unknown' });
    expect(stale.values).toEqual(online.values);

    nut.resumeDriver();
    await waitForStatus(monitor, (st) => st.state === 'online' && st.lastError === null, 10_000);
  });

  it('a UPS name upsd does not know → disconnected with the configuration hint', async () => {
    nut = await startNut({ dev: OL_DEV });
    const rig = nutMonitor(nut, 'otraups');
    monitor = rig.monitor;
    monitor.start();
    const s = await waitForStatus(monitor, (st) => st.lastError !== null);
    expect(s).toMatchObject({ state: 'disconnected', lastError: 'ups.error.nutUnknownUps' });
  });
});
