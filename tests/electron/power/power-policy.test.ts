import { describe, expect, it } from 'vitest';
import { powerSituation } from '../../../electron/power/power-policy';
import type { DeviceStatus } from '../../../shared/domain';

const at = '2026-06-02T02:00:00Z';
const ups = (state: DeviceStatus['state'], values: Record<string, number> = {}): DeviceStatus => ({
  kind: 'ups',
  driver: 'test',
  name: 'UPS',
  state,
  health: 'ok',
  values,
  lastError: null,
  since: at,
});
const plant = (state: DeviceStatus['state'], values: Record<string, number> = {}): DeviceStatus => ({
  kind: 'plant',
  driver: 'test',
  name: 'Planta',
  state,
  health: 'ok',
  values,
  lastError: null,
  since: at,
});
const cfg = { minRuntimeSeconds: 300 };

describe('power situation', () => {
  it('on mains: normal, scans allowed', () => {
    expect(powerSituation(ups('online', { runtimeSeconds: 2400 }), plant('standby'), cfg)).toMatchObject({
      level: 'mains',
      scansAllowed: true,
    });
  });
  it('on battery with runtime left: work goes on', () => {
    expect(powerSituation(ups('on_battery', { runtimeSeconds: 900 }), plant('standby'), cfg)).toMatchObject({
      level: 'battery',
      runtimeSeconds: 900,
      scansAllowed: true,
    });
  });
  it('on battery below the minimum runtime, or battery low: critical, no new scans', () => {
    expect(powerSituation(ups('on_battery', { runtimeSeconds: 200 }), plant('standby'), cfg)).toMatchObject({
      level: 'critical',
      scansAllowed: false,
    });
    expect(powerSituation(ups('battery_low'), plant('standby'), cfg).level).toBe('critical');
  });
  it('mains failed and the plant running: fed by the plant', () => {
    expect(powerSituation(ups('online'), plant('running', { mainsPresent: 0 }), cfg).level).toBe('plant');
  });
  it('the battery outranks the plant: a plant that does not carry the load still ends in critical', () => {
    expect(powerSituation(ups('battery_low'), plant('running', { mainsPresent: 0 }), cfg).level).toBe(
      'critical',
    );
  });
  it('no data from the UPS: unknown, not critical', () => {
    expect(powerSituation(ups('disconnected'), plant('standby'), cfg)).toMatchObject({
      level: 'unknown',
      scansAllowed: true,
    });
  });
  it('reports low fuel whatever the level', () => {
    expect(
      powerSituation(ups('online'), plant('running', { mainsPresent: 0, lowFuel: 1 }), cfg).lowFuel,
    ).toBe(true);
  });
});
