import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANT_THRESHOLDS, summarizePlant } from '../../../../electron/power/plant/plant-state';

const t = DEFAULT_PLANT_THRESHOLDS;
const onMains = { mainsVoltage: 127, engineRpm: 0, fuelPercent: 80 };

describe('plant state from one reading', () => {
  it('standby on mains is ok', () => {
    expect(summarizePlant({ values: onMains, alarms: [] }, t)).toEqual({
      state: 'standby',
      health: 'ok',
      lastError: null,
      mainsPresent: true,
      lowFuel: false,
      alarms: [],
    });
  });

  it('tells starting from running by engine speed', () => {
    expect(summarizePlant({ values: { ...onMains, engineRpm: 300 }, alarms: [] }, t).state).toBe('starting');
    expect(summarizePlant({ values: { ...onMains, engineRpm: 1800 }, alarms: [] }, t).state).toBe('running');
    expect(summarizePlant({ values: { ...onMains, engineRpm: 20 }, alarms: [] }, t).state).toBe('standby');
  });

  it('mains below the threshold is absent; unknown when the map has no mains voltage', () => {
    expect(summarizePlant({ values: { ...onMains, mainsVoltage: 99 }, alarms: [] }, t).mainsPresent).toBe(
      false,
    );
    expect(summarizePlant({ values: { engineRpm: 0 }, alarms: [] }, t).mainsPresent).toBeNull();
  });

  it('low fuel outranks a controller warning in what the operator reads first', () => {
    const s = summarizePlant(
      { values: { ...onMains, fuelPercent: 10 }, alarms: [{ code: 'warning', severity: 'warning' }] },
      t,
    );
    expect(s).toMatchObject({
      state: 'standby',
      health: 'warning',
      lastError: 'plant.warning.lowFuel',
      lowFuel: true,
    });
  });

  it('a trip or shutdown alarm is the alarm state whatever the engine does', () => {
    const s = summarizePlant(
      { values: { ...onMains, engineRpm: 1800 }, alarms: [{ code: 'electricalTrip', severity: 'trip' }] },
      t,
    );
    expect(s).toMatchObject({ state: 'alarm', health: 'fault', lastError: 'plant.alarm.electricalTrip' });
  });
});
