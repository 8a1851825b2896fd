// From one poll's readings to what the status bar shows. Pure, so every rule is tested without
// a serial line: which state, which colour, and which message the operator reads first.
import type { Health } from '../../../shared/domain';
import type { AlarmSeverity, PlantValueName } from './register-map';

/**
 * PLANT_STATES of shared/domain.ts plus `error`: the controller answers but refuses the
 * registers we need (exception reply), i.e. a wrong register map or unit id. `error` already
 * exists in DeviceStateSchema (scanners use it); PLANT_STATES should gain it.
 */
export type PlantState =
  'standby' | 'starting' | 'running' | 'alarm' | 'disconnected' | 'not_installed' | 'error';

export interface PlantThresholds {
  /** Engine at or above this speed is running (a 4-pole 60 Hz set runs at 1800 RPM). */
  runningRpm: number;
  /** Engine turning at or above this speed but below runningRpm is cranking or spinning up. */
  crankingRpm: number;
  /** Mains is present when its voltage is at least this (127 V nominal in Mexico). */
  mainsPresentMinVoltage: number;
  /** Fuel at or below this percentage raises lowFuel. */
  lowFuelPercent: number;
}

export const DEFAULT_PLANT_THRESHOLDS: PlantThresholds = {
  runningRpm: 1200,
  crankingRpm: 50,
  mainsPresentMinVoltage: 100,
  lowFuelPercent: 25,
};

export interface ActiveAlarm {
  code: string;
  severity: AlarmSeverity;
}

/** What one successful poll read. Absent values were not configured or read as "no reading". */
export interface PlantReading {
  values: Partial<Record<PlantValueName, number>>;
  alarms: ActiveAlarm[];
}

export interface PlantSummary {
  state: PlantState;
  health: Health;
  /** Message key of what the operator should read first, or null when all is well. */
  lastError: string | null;
  /** null when the map has no mains voltage: we cannot tell. */
  mainsPresent: boolean | null;
  lowFuel: boolean;
  alarms: string[];
}

export function summarizePlant(reading: PlantReading, t: PlantThresholds): PlantSummary {
  const v = reading.values;
  const mainsPresent = v.mainsVoltage === undefined ? null : v.mainsVoltage >= t.mainsPresentMinVoltage;
  const lowFuel = v.fuelPercent !== undefined && v.fuelPercent <= t.lowFuelPercent;
  const alarms = reading.alarms.map((a) => a.code);
  const stopping = reading.alarms.find((a) => a.severity === 'shutdown' || a.severity === 'trip');
  const warning = reading.alarms.find((a) => a.severity === 'warning');
  const rpm = v.engineRpm ?? 0;

  if (stopping) {
    return {
      state: 'alarm',
      health: 'fault',
      lastError: `plant.alarm.${stopping.code}`,
      mainsPresent,
      lowFuel,
      alarms,
    };
  }
  const state: PlantState = rpm >= t.runningRpm ? 'running' : rpm >= t.crankingRpm ? 'starting' : 'standby';
  // The operator's first question after a blackout is "is the plant carrying us, and for how
  // long": mains absent and low fuel outrank a generic controller warning.
  const lastError =
    mainsPresent === false && state === 'standby'
      ? 'plant.warning.mainsAbsentNotRunning'
      : lowFuel
        ? 'plant.warning.lowFuel'
        : mainsPresent === false
          ? 'plant.warning.mainsAbsent'
          : warning
            ? `plant.alarm.${warning.code}`
            : null;
  const health: Health =
    mainsPresent === false && state === 'standby'
      ? 'fault'
      : lastError !== null || state === 'starting'
        ? 'warning'
        : 'ok';
  return { state, health, lastError, mainsPresent, lowFuel, alarms };
}
