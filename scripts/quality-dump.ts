// Golden dump of the quality gate over the widened corpus (seeds 5100/7000/13100 by default): every
// page's verdict, reasons, measurements and acta key as JSON, so that a speed change can be shown
// to change no number. The corpus bytes are cached (QUALITY_DUMP_CACHE) so reruns judge the same files.
// Run: node --import tsx scripts/quality-dump.ts OUT.json [seed...]
import fs from 'node:fs';
import path from 'node:path';
import { QualityGate } from '../electron/capture/quality';
import { generateWideCorpus } from '../sim/acta/corpus';

const out = process.argv[2] ?? 'quality-dump.json';
const seeds = process.argv.slice(3).map(Number);
const cache = process.env.QUALITY_DUMP_CACHE ?? '/tmp/catd-quality-dump-cache';

async function corpus(seed: number): Promise<Array<{ label: string; bytes: Buffer }>> {
  const dir = path.join(cache, String(seed));
  const index = path.join(dir, 'index.json');
  if (fs.existsSync(index)) {
    const labels = JSON.parse(fs.readFileSync(index, 'utf8')) as string[];
    return labels.map((label, i) => ({ label, bytes: fs.readFileSync(path.join(dir, `${i}.bin`)) }));
  }
  fs.mkdirSync(dir, { recursive: true });
  const cases: Array<{ label: string; bytes: Buffer }> = [];
  for await (const c of generateWideCorpus({ seed })) {
    fs.writeFileSync(path.join(dir, `${cases.length}.bin`), c.bytes);
    cases.push({ label: c.label, bytes: Buffer.from(c.bytes) });
  }
  fs.writeFileSync(index, JSON.stringify(cases.map((c) => c.label)));
  return cases;
}

const gate = new QualityGate();
const dump: Record<string, unknown[]> = {};
try {
  for (const seed of seeds.length ? seeds : [5100, 7000, 13100]) {
    const cases = await corpus(seed);
    const t0 = performance.now();
    const rows = await Promise.all(
      cases.map(async (c) => {
        const r = await gate.inspect(c.bytes);
        if (!r.ok) return { label: c.label, error: r.error };
        const { verdict, identification, file, measurements } = r.value;
        return { label: c.label, verdict, identification, file, measurements };
      }),
    );
    dump[seed] = rows;
    console.log(
      `seed ${seed}: ${rows.length} pages judged in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  fs.writeFileSync(out, JSON.stringify(dump, null, 1));
} finally {
  await gate.close();
}
