// Every refusal, state and reason the workflow and the pipeline produce has a text in both
// languages, so a screen never shows a bare key.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { enWorkflow, esMXWorkflow } from '../../../shared/messages/workflow';
import { ACTA_STATES, CONFLICT_RESOLUTIONS, WORKFLOW_ERROR_CODES } from '../../../shared/workflow';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

it('es-MX and en have the same keys', () => {
  expect(keys(enWorkflow).sort()).toEqual(keys(esMXWorkflow).sort());
});

it('every state, error code and resolution has a text', () => {
  for (const s of ACTA_STATES) expect(esMXWorkflow.workflow.state[s]).toBeTruthy();
  for (const c of WORKFLOW_ERROR_CODES) expect(esMXWorkflow.workflow.error[c]).toBeTruthy();
  for (const r of CONFLICT_RESOLUTIONS) expect(esMXWorkflow.workflow.resolution[r]).toBeTruthy();
});

it('every workflow.* and capture.* key used in the code exists in the catalogue', () => {
  const known = new Set(keys(esMXWorkflow));
  const files = ['electron/workflow', 'electron/capture/pipeline'].flatMap((r) =>
    (fs.readdirSync(r) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(r, f)),
  );
  const used = files.flatMap((f) =>
    [
      ...fs
        .readFileSync(f, 'utf8')
        .matchAll(/'((?:workflow|capture)\.(?:reason|rejection|error)\.[A-Za-z]+)'/g),
    ].map((m) => m[1]!),
  );
  expect(used.length).toBeGreaterThan(3);
  for (const k of used) expect(known, k).toContain(k);
});
