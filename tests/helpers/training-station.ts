// A training-only core running a scenario file, in this process, with an operator's and a
// supervisor's sessions over the renderer's RPC (what a trainee and the trainer can do).
import fs from 'node:fs';
import path from 'node:path';
import { startCore, type Core, type CoreOptions } from '../../electron/app/core';
import { createMemoryLogger } from '../../electron/platform/logger';
import { cookieAs } from './procedures';
import { ActaFlow } from './acta-flow';

export interface TrainingStation {
  core: Core;
  flow: ActaFlow;
  /** The supervisor's session cookie (the trainer's report needs it). */
  supervisor: string;
}

export async function startTrainingStation(
  dataDir: string,
  scenarioFile: string,
  stationId: string,
  options: Partial<CoreOptions> = {},
): Promise<TrainingStation> {
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({ training: { only: true, scenario: scenarioFile }, station: { id: stationId } }),
  );
  const core = await startCore({
    dataDir,
    port: 0,
    rendererDir: dataDir,
    logger: createMemoryLogger(),
    shell: { requestExit: () => undefined },
    ...options,
  });
  const supervisor = await cookieAs(core, 'supervisor');
  return { core, supervisor, flow: new ActaFlow(core, await cookieAs(core, 'operador'), supervisor) };
}

/**
 * The trainer's CSV (/capacitacion/informe.csv) as one object per operator row, keyed by the
 * header's column names (no field of the scenarios used with it holds a comma).
 */
export async function reportRows(station: TrainingStation): Promise<Array<Record<string, string>>> {
  const res = await fetch(`${station.core.origin}/capacitacion/informe.csv`, {
    headers: { cookie: station.supervisor },
  });
  if (res.status !== 200) throw new Error(`report: HTTP ${res.status}`);
  const [head, ...rows] = (await res.text()).trim().split('\n');
  const names = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i]!, v])));
}
