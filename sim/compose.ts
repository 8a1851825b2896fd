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
    }),
  ups: (clock) => new SimulatedUps(clock),
  plant: (clock) => new SimulatedPlant(clock),
  labelPrinter: () => new ZplPrinterSim(),
};
