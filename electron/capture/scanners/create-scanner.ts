// Chooses the scanner driver from the station configuration (`devices.scanner`). The simulated
// scanner is not built here: the composition root hands in its factory (sim/compose.ts), so the
// drivers never depend on the simulator.
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { ScannerConfig, SimulatedScannerConfig } from './config';
import type { ScannerDriver } from './types';
import { SaneScanner } from './sane/sane-driver';
import { EsclScanner } from './escl/escl-driver';
import { HotFolderScanner } from './hot-folder/hot-folder-driver';

export interface ScannerDeps {
  clock: Clock;
  log?: Logger;
  /** Builds the simulated scanner; required when the configuration says `simulated`. */
  simulated?: (config: SimulatedScannerConfig) => ScannerDriver;
}

export function createScanner(config: ScannerConfig, deps: ScannerDeps): ScannerDriver {
  switch (config.driver) {
    case 'sane':
      return new SaneScanner(config, deps);
    case 'escl':
      return new EsclScanner(config, deps);
    case 'hot-folder':
      return new HotFolderScanner(config, deps);
    case 'simulated':
      if (!deps.simulated) throw new Error('simulated scanner configured but no simulator was composed in');
      return deps.simulated(config);
  }
}
