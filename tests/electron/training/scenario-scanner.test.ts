// In training the simulated scanner feeds the scenario's sheets: a real training core (its own
// data folder) runs "Noche difícil" and an operator scans over the renderer's RPC. The gate's
// verdict on each scan is what the scenario says the sheet is: defective sheets rejected with the
// reason of their defect, the rescan accepted, another acta's QR read as that other acta, a
// smudged QR not read at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../../electron/app/core';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { ConfigError } from '../../../electron/station/config';
import { cookieAs } from '../../helpers/procedures';
import { ActaFlow } from '../../helpers/acta-flow';
import {
  parseScenario,
  scenarioKey,
  scenarioKeyLabel,
  type Scenario,
} from '../../../shared/training/scenario';
import { actaKeyId } from '../../../shared/acta-key';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-scenario-'));
const scenarioFile = path.resolve('docs/capacitacion/escenarios/noche-dificil.json');
const parsed = parseScenario(fs.readFileSync(scenarioFile, 'utf8'));
if (!parsed.ok) throw new Error('the shipped scenario must be valid');
const scenario: Scenario = parsed.scenario;
let core: Core;
let flow: ActaFlow;
const log = createMemoryLogger();

function configWith(scenarioPath: string) {
  return JSON.stringify({
    station: { id: 'CATD-ESC-01', name: 'Aula', catd: 'CATD prueba' },
    training: { only: true, scenario: scenarioPath },
  });
}

beforeAll(async () => {
  fs.writeFileSync(path.join(tmp, 'config.json'), configWith(scenarioFile));
  core = await startCore({
    dataDir: tmp,
    port: 0,
    rendererDir: tmp,
    logger: log,
    shell: { requestExit: () => undefined },
  });
  flow = new ActaFlow(core, await cookieAs(core, 'operador'), await cookieAs(core, 'supervisor'));
}, 60_000);
afterAll(async () => {
  await core?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const scenarioKeyId = (casilla: string) => actaKeyId(scenarioKey(scenario, casilla));

/** Session sheet numbers at which the feeder jammed (Noche difícil: the 7th, as the scenario says). */
const jamsAt: number[] = [];
let sheetsFed = 0;

async function scanOnce(casilla: string, actaId?: number) {
  const a = actaId ? await flow.get(actaId) : await flow.receive(scenarioKeyLabel(scenario, casilla));
  let r = await flow.op('mutation', 'actas.scan', { actaId: a.id, version: a.version });
  if (r.kind === 'fault' && core.services.scanner.status().state === 'jammed') {
    // The scenario's jam: the trainee takes the sheet out and presses Escanear again.
    jamsAt.push(sheetsFed + 1);
    r = await flow.op('mutation', 'actas.scan', { actaId: a.id, version: (await flow.get(a.id)).version });
  }
  sheetsFed++;
  return { acta: a, result: r };
}

describe('the scenario feeds the scanner', () => {
  it('each defective sheet is rejected for its own reason, and its rescan is accepted', async () => {
    // actas 0..4 of Noche difícil: blur, cutOff, fold, dark, lowResolution, then good.
    const reasons: string[][] = [];
    for (const a of scenario.actas.slice(0, 5)) {
      const first = await scanOnce(a.casilla);
      expect(first.result.kind).toBe('rechazada');
      reasons.push(first.result.pages[0].reasons.map((r: { code: string }) => r.code));
      const again = await scanOnce(a.casilla, first.acta.id);
      expect(again.result.kind).toBe('digitalizada');
    }
    expect(reasons.every((r) => r.length > 0)).toBe(true);
    // The scenario's truth for every sheet fed is in the log, for the trainer.
    const fed = log.lines.filter((l) => l.event === 'training-sheet').map((l) => l.defect ?? null);
    expect(fed).toEqual(['blur', null, 'cutOff', null, 'fold', null, 'dark', null, 'lowResolution', null]);
    expect(jamsAt).toEqual([7]);
  }, 240_000);

  it("another acta's QR is read as that acta; a smudged QR is not read", async () => {
    const other = scenario.actas[6]!;
    const s = await scanOnce(other.casilla);
    const page = s.result.pages[0];
    const otherSheet = other.sheets[0]!;
    if (otherSheet === 'good' || !otherSheet.qrOf) throw new Error('scenario changed');
    // The gate reads the other casilla's key from the label (verification then shows the mismatch).
    expect(page.identifiedKeyId).toBe(scenarioKeyId(otherSheet.qrOf));
    const smudged = await scanOnce(scenario.actas[5]!.casilla);
    expect(smudged.result.pages[0].identifiedKeyId).toBeNull();
  }, 120_000);
});

describe('a scenario with a mistake', () => {
  it('stops the training start with the line and field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-scenario-bad-'));
    const bad = fs.readFileSync(scenarioFile, 'utf8').replace('"defect": "fold"', '"defect": "doblez"');
    fs.writeFileSync(path.join(dir, 'mal.json'), bad);
    fs.writeFileSync(path.join(dir, 'config.json'), configWith('mal.json'));
    const line = bad.split('\n').findIndex((l) => l.includes('doblez')) + 1;
    const start = startCore({ dataDir: dir, port: 0, rendererDir: dir, logger: createMemoryLogger() });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(`mal.json:${line} · actas[2].sheets[0].defect`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
