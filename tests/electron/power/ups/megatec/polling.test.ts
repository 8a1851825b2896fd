// Normal polling over a real pty: the status bar shows the unit online with its live readings.
import { afterEach, describe, expect, it } from 'vitest';
import { startMegatecRig, type MegatecRig } from './fixture';
import { waitForStatus, trapUnhandledRejections } from '../support';

describe('Megatec UPS on a serial port: normal polling', () => {
  let rig: MegatecRig | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
    trap.assertNone();
  });

  it('shows the unit online with its model and readings, charge estimated from battery volts', async () => {
    rig = await startMegatecRig('mains');
    rig.monitor.start();
    const s = await waitForStatus(
      rig.monitor,
      (st) => st.state === 'online' && st.values.chargePercent !== undefined,
    );
    expect(s).toMatchObject({ kind: 'ups', driver: 'megatec', health: 'ok', lastError: null });
    expect(s.name).toBe('SIMULADO UPS1000-Q1');
    // 27.5 V on a 24 V (12-cell) pack is above float voltage: full.
    expect(s.values).toEqual({
      inputVoltage: 226,
      outputVoltage: 226,
      loadPercent: 14,
      frequencyHz: 49,
      temperatureC: 30,
      chargePercent: 100,
    });
    expect(rig.monitor.reading()).toEqual({
      state: 'online',
      onBattery: false,
      lowBattery: false,
      shutdownImminent: false,
      values: s.values,
    });
    // It keeps polling: several Q1 questions within half a second.
    const before = rig.sim.received.filter((c) => c === 'Q1').length;
    await new Promise((r) => setTimeout(r, 500));
    expect(rig.sim.received.filter((c) => c === 'Q1').length).toBeGreaterThan(before + 1);
  });
});
