// Chooses the scanner driver from the station configuration (`devices.scanner`).
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { ScannerConfig } from './config';
import type { ScannerDriver } from './types';
import { SaneScanner } from './sane/sane-driver';
import { EsclScanner } from './escl/escl-driver';
import { HotFolderScanner } from './hot-folder/hot-folder-driver';
import { SimulatedScanner, type SimPageSource } from '../../../sim/devices/scanner';

export interface ScannerDeps {
  clock: Clock;
  log?: Logger;
  /** The simulated scanner's page source (e.g. the realistic acta generator); default a plain page. */
  simPageSource?: SimPageSource;
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
      return new SimulatedScanner(deps.clock, { config, pageSource: deps.simPageSource, log: deps.log });
  }
}
