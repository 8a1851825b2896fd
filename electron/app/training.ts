// What a training start changes in the composition: the links (only to a training central) and
// the simulated central's seam (the training one `npm start` runs, never the real one). The rest
// of the core is composed as always, on the training data folder.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, SIM_INTAKE_URL, SIM_TRAINING_INTAKE_URL, type Config } from '../station/config';
import { describeScenarioProblems, parseScenario, type Scenario } from '../../shared/training/scenario';
import type { CoreOptions } from './core';

/** Burned into every preview a training station derives. */
export const TRAINING_PREVIEW_MARK = 'CAPACITACIÓN';

export function trainingConfig(config: Config): Config {
  return {
    ...config,
    // The link layer resolves `sim:intake` through the seam below, which in training is the
    // training central: the real one's address never reaches a training core.
    links: config.training.links.map((l) => ({
      ...l,
      url: l.url === SIM_TRAINING_INTAKE_URL ? SIM_INTAKE_URL : l.url,
    })),
  };
}

export function trainingOptions(opts: CoreOptions, dataDir: string): CoreOptions {
  const { simIntakeUrl: _real, simIntakeData: _realData, ...rest } = opts;
  return {
    ...rest,
    dataDir,
    ...(opts.simTrainingIntakeUrl ? { simIntakeUrl: opts.simTrainingIntakeUrl } : {}),
    ...(opts.simTrainingIntakeData ? { simIntakeData: opts.simTrainingIntakeData } : {}),
  };
}

/**
 * The scenario a training start runs (a path relative to the config file's folder), or null. A
 * scenario with mistakes stops the start with each one's line and field, as a bad config does.
 */
export function loadTrainingScenario(config: Config, configFile: string): Scenario | null {
  const rel = config.training.scenario;
  if (!rel) return null;
  const file = path.resolve(path.dirname(configFile), rel);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(configFile, [
      `training.scenario: no se pudo leer ${file}: ${(e as Error).message}`,
    ]);
  }
  const parsed = parseScenario(text);
  if (!parsed.ok)
    throw new ConfigError(configFile, describeScenarioProblems(file, parsed.problems).split('\n'));
  return parsed.scenario;
}
