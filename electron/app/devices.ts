// Chooses each device's driver from the configuration. Only the simulated drivers exist so far;
// the capture and power issues add SANE, eSCL, hot folder, Megatec, HID, NUT and Modbus here.
import type { Config } from './config';
import type { Clock } from './clock';
import type { DeviceMonitor } from './device';
import { SimulatedScanner } from '../../sim/devices/scanner';
import { SimulatedUps } from '../../sim/devices/ups';
import { SimulatedPlant } from '../../sim/devices/plant';

export interface Devices {
  scanner: DeviceMonitor;
  ups: DeviceMonitor;
  plant: DeviceMonitor;
}

export function createDevices(config: Config, clock: Clock): Devices {
  const { scanner, ups, plant } = config.devices;
  return {
    scanner: scanner.driver === 'simulated' ? new SimulatedScanner(clock) : assertNever(scanner.driver),
    ups: ups.driver === 'simulated' ? new SimulatedUps(clock) : assertNever(ups.driver),
    plant: plant.driver === 'simulated' ? new SimulatedPlant(clock) : assertNever(plant.driver),
  };
}

function assertNever(driver: never): never {
  throw new Error(`unknown driver ${String(driver)}`);
}
