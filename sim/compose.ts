// The simulated world's one door into the core. The composition root (electron/app/) builds the
// station's devices from the configuration; where a device is configured `simulated` it calls
// these factories instead of a real driver. Nothing else under electron/ imports sim/, so the
// simulator reaches a production build only through here (simulated mode ships for demos and
// training) and the core's drivers never depend on it.
import type { SimulatedScannerConfig } from '../electron/capture/scanners/config';
import type { ScannerDriver } from '../electron/capture/scanners/types';
import type { Clock } from '../electron/platform/clock';
import type { DeviceMonitor } from '../electron/platform/device';
import type { Logger } from '../electron/platform/logger';
import type { ActaKey } from '../shared/acta-key';
import { actaPageSource } from './acta/page-source';
import { packSheets, scenarioPageSource, type FedSheet, type PackSheet } from './training/scenario-pages';
import type { Scenario } from '../shared/training/scenario';

export type { FedSheet, PackSheet };
/** The printable sheets of a scenario (catd training pack). */
export { packSheets };
import { SimulatedPlant } from './devices/plant';
import { SimulatedScanner } from './devices/scanner';
import { SimulatedUps } from './devices/ups';
import { ZplPrinterSim } from './printers/zpl-printer';

export type { ZplPrinterSim };

export interface SimulatedScannerDeps {
  clock: Clock;
  log?: Logger;
  /** The key of the acta being scanned: the operator feeds the acta just received, so its label carries it. */
  currentKey?: () => ActaKey | undefined;
  /** The QR text of that acta's printed acopio label (key + stamp): the sheet carries it. */
  currentLabelText?: () => string | undefined;
  /** In training: the scenario whose sheets the scanner feeds, and who hears of each sheet fed. */
  scenario?: Scenario;
  onSheet?: (sheet: FedSheet) => void;
}

export interface SimulatedDeviceFactories {
  /** A scanner that feeds realistic actas, with the configured share of defective sheets. */
  scanner(config: SimulatedScannerConfig, deps: SimulatedScannerDeps): ScannerDriver;
  /** A UPS on mains whose readings drift as a real unit's do. */
  ups(clock: Clock): DeviceMonitor;
  /** An emergency plant standing by. */
  plant(clock: Clock): DeviceMonitor;
  /** A ZPL label printer on 127.0.0.1 (the core drives it with its real ZPL driver). */
  labelPrinter(): ZplPrinterSim;
}

export const simulatedDevices: SimulatedDeviceFactories = {
  scanner: (config, deps) =>
    new SimulatedScanner(deps.clock, {
      config,
      pageSource: deps.scenario
        ? scenarioPageSource(deps.scenario, {
            currentKey: deps.currentKey ?? (() => undefined),
            ...(deps.currentLabelText ? { currentLabelText: deps.currentLabelText } : {}),
            ...(deps.onSheet ? { onSheet: deps.onSheet } : {}),
          })
        : actaPageSource({
            defectRate: config.defectRate,
            ...(deps.currentKey ? { currentKey: deps.currentKey } : {}),
            ...(deps.currentLabelText ? { currentLabelText: deps.currentLabelText } : {}),
          }),
      ...(deps.log ? { log: deps.log } : {}),
      // In training the trainee clears a jam with their hands and Escanear, as on the night.
      jamClearsOnScan: deps.scenario !== undefined,
    }),
  ups: (clock) => new SimulatedUps(clock),
  plant: (clock) => new SimulatedPlant(clock),
  labelPrinter: () => new ZplPrinterSim(),
};

/** The power events a training scenario plays on the simulated UPS and plant. */
export type SimPowerEvent = 'upsOnBattery' | 'upsLow' | 'mainsBack' | 'plantStarts';

/**
 * Training's hands on the simulated devices: the scenario's jams armed in the scanner (by sheet),
 * its power events played on the UPS and the plant. A device that is not simulated (a real unit
 * in a rehearsal) is left alone: the answer says so, and the trainer makes that event by hand.
 */
export function simulatedTrainingControls(devices: { scanner: unknown; ups: unknown; plant: unknown }) {
  const { scanner, ups, plant } = devices;
  return {
    armJams(sheets: readonly number[]): boolean {
      if (!(scanner instanceof SimulatedScanner)) return false;
      scanner.jamBeforeSheets(sheets);
      return true;
    },
    power(kind: SimPowerEvent): boolean {
      switch (kind) {
        case 'upsOnBattery':
        case 'upsLow':
          if (!(ups instanceof SimulatedUps)) return false;
          ups.setSupply(kind === 'upsLow' ? 'low' : 'battery');
          return true;
        case 'mainsBack':
          if (!(ups instanceof SimulatedUps)) return false;
          ups.setSupply('mains');
          if (plant instanceof SimulatedPlant) plant.setRunning(false);
          return true;
        case 'plantStarts':
          if (!(plant instanceof SimulatedPlant)) return false;
          plant.setRunning(true);
          // The plant carries the load: the UPS is back on (the plant's) input.
          if (ups instanceof SimulatedUps) ups.setSupply('mains');
          return true;
      }
    },
  };
}
