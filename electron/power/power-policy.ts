// The power situation from what the UPS and the plant report. Pure, so every combination is
// tested without hardware. The UPS decides how urgent it is; the plant says where power comes from.
import type { DeviceStatus, PowerSituation } from '../../shared/domain';

export interface PowerPolicyConfig {
  /** Below this runtime on battery, no new scan starts (the page being written still finishes). */
  minRuntimeSeconds: number;
}

export function powerSituation(
  ups: DeviceStatus,
  plant: DeviceStatus,
  cfg: PowerPolicyConfig,
): PowerSituation {
  const runtimeSeconds = ups.values.runtimeSeconds ?? null;
  const chargePercent = ups.values.chargePercent ?? null;
  const plantRunning = plant.state === 'running';
  const lowFuel = (plant.values.lowFuel ?? 0) > 0;
  const mainsAbsent = plant.values.mainsPresent === 0;
  const base = { runtimeSeconds, chargePercent, plantRunning, lowFuel };
  const onBattery = ups.state === 'on_battery' || ups.state === 'battery_low';
  const critical =
    ups.state === 'battery_low' ||
    (onBattery && runtimeSeconds !== null && runtimeSeconds < cfg.minRuntimeSeconds);
  if (critical) return { ...base, level: 'critical', scansAllowed: false };
  if (onBattery) return { ...base, level: 'battery', scansAllowed: true };
  if (ups.state === 'disconnected' || ups.state === 'data_stale')
    return { ...base, level: 'unknown', scansAllowed: true };
  if (plantRunning && mainsAbsent) return { ...base, level: 'plant', scansAllowed: true };
  return { ...base, level: 'mains', scansAllowed: true };
}
