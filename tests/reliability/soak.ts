// `npm run soak`: the long versions of the reliability suite, with their figures in a report.
//   --kills N     SIGKILLs of the crash-consistency campaign (default 1000; 0 skips it)
//   --minutes M   length of the long run (default 20; 0 skips it)
//   --out DIR     where the report, the curves (PNG and SVG) and the samples go (default test-results/soak)
//   --seed S      the campaign's seed, to replay a failure
//   --model-steps N  steps of the acta-life model-based test (default CATD_MODEL_STEPS or 5000; 0 skips it)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCrashCampaign, formatCampaign } from './crash-campaign';
import { runLongRun, formatLongRun } from './long-run';
import { runActaLifeModel, formatModelRun } from '../model/acta-life.run';

/** Commands per model run in the soak: long lives, many decisions per casilla. */
const MODEL_COMMANDS_PER_RUN = 100;

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '1000' },
    minutes: { type: 'string', default: '20' },
    out: { type: 'string', default: 'test-results/soak' },
    seed: { type: 'string' },
    'model-steps': { type: 'string', default: process.env.CATD_MODEL_STEPS ?? '5000' },
  },
  strict: true,
});
const kills = Number(values.kills);
const minutes = Number(values.minutes);
const modelSteps = Number(values['model-steps']);
if (
  !Number.isInteger(kills) ||
  kills < 0 ||
  !(minutes >= 0) ||
  !Number.isInteger(modelSteps) ||
  modelSteps < 0
) {
  console.error('uso: npm run soak -- [--kills N] [--minutes M] [--model-steps N] [--out DIR] [--seed S]');
  process.exit(2);
}
const out = path.resolve(values.out);
fs.mkdirSync(out, { recursive: true });
const sections: string[] = [`# Soak ${new Date().toISOString()}`, ''];
let failed = false;

if (kills > 0) {
  const r = await runCrashCampaign({ kills, ...(values.seed ? { seed: Number(values.seed) } : {}) });
  failed ||= r.violations.length > 0;
  sections.push('## Crash consistency', '', '```', formatCampaign(r), '```', '');
}
if (modelSteps > 0) {
  // Runs average about half their maximum length (fast-check draws the length, and skips commands
  // that do not apply yet): twice as many runs as steps / maximum gets near the asked-for count.
  const runs = Math.max(1, Math.ceil((2 * modelSteps) / MODEL_COMMANDS_PER_RUN));
  const r = await runActaLifeModel({
    runs,
    maxCommands: MODEL_COMMANDS_PER_RUN,
    ...(values.seed || process.env.CATD_MODEL_SEED
      ? { seed: Number(values.seed ?? process.env.CATD_MODEL_SEED) }
      : {}),
    ...(process.env.CATD_MODEL_PATH ? { path: process.env.CATD_MODEL_PATH } : {}),
    ...(process.env.CATD_MODEL_REPLAY ? { replayPath: process.env.CATD_MODEL_REPLAY } : {}),
    replayCommand: `npm run soak -- --kills 0 --minutes 0 --model-steps ${modelSteps}`,
  });
  failed ||= !r.ok;
  sections.push('## Acta life (model-based)', '', '```', formatModelRun(r), '```', '');
}
if (minutes > 0) {
  const durationMs = minutes * 60_000;
  const r = await runLongRun({
    durationMs,
    sampleMs: Math.max(1_000, Math.round(durationMs / 1_200)),
    outDir: out,
    faults: {
      linkEveryMs: 60_000,
      linkDownMs: 10_000,
      scannerEveryMs: 90_000,
      scannerOffMs: 8_000,
      upsEveryMs: 120_000,
      upsOffMs: 10_000,
    },
  });
  failed ||= r.violations.length > 0;
  sections.push(
    '## Long run',
    '',
    '```',
    formatLongRun(r),
    '```',
    '',
    `![curves](${path.basename(r.pngFile)})`,
    '',
  );
}
const reportFile = path.join(out, 'soak-report.md');
fs.writeFileSync(reportFile, sections.join('\n'));
console.log(`\nsoak ${failed ? 'FAILED' : 'passed'}; report: ${reportFile}`);
process.exit(failed ? 1 : 0);
