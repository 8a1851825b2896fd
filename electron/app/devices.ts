// Chooses each device's driver from the configuration and builds it. Drivers report status
// through the DeviceMonitor interface; the status hub shows them live.
import type { Config } from '../station/config';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { CellDevice, StatusCell, type DeviceMonitor } from '../platform/device';
import { createScanner, type ScannerDriver } from '../capture/scanners';
import { ModbusPlantMonitor } from '../power/plant/modbus-plant';
import { createUpsMonitor } from '../power/ups';
import type { ActaKey } from '../../shared/acta-key';
import { createPrinter, type LabelPrinter } from '../capture/printers';
import { simulatedDevices, type FedSheet, type SimulatedDeviceFactories } from '../../sim/compose';
import type { Scenario } from '../../shared/training/scenario';

export interface Devices {
  scanner: ScannerDriver;
  ups: DeviceMonitor;
  plant: DeviceMonitor;
}

/** A CATD without an emergency plant: shown as "No instalada", never as a fault. */
class NoPlant extends CellDevice {
  readonly kind = 'plant' as const;
  constructor(clock: Clock) {
    super(
      new StatusCell(clock, {
        kind: 'plant',
        driver: 'none',
        name: 'Sin planta de emergencia',
        state: 'not_installed',
        health: 'unknown',
        values: {},
        lastError: null,
      }),
    );
  }
}

/** The key of the acta being scanned, for the simulated scanner's labels (set by the core). */
export interface SimScanContext {
  currentKey?: () => ActaKey | undefined;
  /** The QR text of that acta's acopio label, for the simulated sheet to carry. */
  currentLabelText?: () => string | undefined;
  /** Training: the scenario's sheets instead of random ones, each reported as it is fed. */
  scenario?: Scenario;
  onSheet?: (sheet: FedSheet) => void;
}

/**
 * Builds every device. A device configured `simulated` comes from the simulator's factories
 * (sim/compose.ts, the simulator's only door into the core); tests may hand in their own.
 */
export function createDevices(
  config: Config,
  clock: Clock,
  log: Logger,
  sim: SimScanContext = {},
  simulated: SimulatedDeviceFactories = simulatedDevices,
): Devices {
  const { ups, plant } = config.devices;
  const scannerLog = log.child({ device: 'scanner' });
  return {
    scanner: createScanner(withOneActaPerBatch(config.devices.scanner), {
      clock,
      log: scannerLog,
      simulated: (c) =>
        simulated.scanner(c, {
          clock,
          log: scannerLog,
          ...(sim.currentKey ? { currentKey: sim.currentKey } : {}),
          ...(sim.currentLabelText ? { currentLabelText: sim.currentLabelText } : {}),
          ...(sim.scenario ? { scenario: sim.scenario } : {}),
          ...(sim.onSheet ? { onSheet: sim.onSheet } : {}),
        }),
    }),
    ups:
      ups.driver === 'simulated'
        ? simulated.ups(clock)
        : createUpsMonitor(ups, { clock, logger: log.child({ device: 'ups' }) }),
    plant: createPlant(plant, clock, log, simulated),
  };
}

/** At a CATD the operator feeds one acta at a time: the simulated stack does the same by default. */
function withOneActaPerBatch(scanner: Config['devices']['scanner']): Config['devices']['scanner'] {
  return scanner.driver === 'simulated' ? { ...scanner, sheetsPerActa: scanner.sheetsPerActa ?? 1 } : scanner;
}

function createPlant(
  plant: Config['devices']['plant'],
  clock: Clock,
  log: Logger,
  simulated: SimulatedDeviceFactories,
): DeviceMonitor {
  switch (plant.driver) {
    case 'simulated':
      return simulated.plant(clock);
    case 'modbus':
      return new ModbusPlantMonitor(plant, { clock, logger: log.child({ device: 'plant' }) });
    case 'none':
      return new NoPlant(clock);
    default:
      return assertNever(plant);
  }
}

function assertNever(x: never): never {
  throw new Error(`unknown driver ${JSON.stringify(x)}`);
}

/**
 * The acopio label printer. `simulated`: a simulated ZPL printer on loopback, driven by the real
 * ZPL driver, so `npm start` prints (and fails, and recovers) the way a desk printer does.
 */
export async function createLabelPrinter(
  config: Config,
  clock: Clock,
  simulated: SimulatedDeviceFactories = simulatedDevices,
): Promise<{ printer: LabelPrinter; close(): Promise<void> }> {
  if (config.devices.printer.driver !== 'simulated')
    return { printer: createPrinter(config.devices.printer, clock), close: async () => {} };
  const sim = simulated.labelPrinter();
  const port = await sim.listen();
  return { printer: createPrinter(config.devices.printer, clock, port), close: () => sim.close() };
}
