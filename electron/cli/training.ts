// `catd training pack ESCENARIO --out ARCHIVO.pdf`: the scenario's sheets on Letter paper, with a
// cover sheet of what to do by hand, for a rehearsal through a real scanner.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { buildTrainingPack } from '../app/training-pack';
import { writeFileAtomic } from '../platform/durable-files';
import { describeScenarioProblems, parseScenario } from '../../shared/training/scenario';

export class TrainingUsageError extends Error {}

const USAGE = 'Uso: catd training pack ESCENARIO.json --out ARCHIVO.pdf';

export async function runTrainingCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'pack') throw new TrainingUsageError(USAGE);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.out) throw new TrainingUsageError(USAGE);
  const file = positionals[0]!;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TrainingUsageError(`no se pudo leer ${file}: ${(e as Error).message}`);
  }
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    console.error(describeScenarioProblems(file, parsed.problems));
    return 1;
  }
  const pdf = await buildTrainingPack(parsed.scenario);
  writeFileAtomic(values.out, pdf, 0o644);
  console.log(`${values.out}: ${parsed.scenario.name}, ${parsed.scenario.actas.length} actas`);
  return 0;
}
