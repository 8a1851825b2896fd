// The quality gate's confusion matrix per corpus class on a sample of the widened corpus (scanner
// personalities × near-threshold defects), then the effective-resolution estimate against the
// true source dpi for each resize kernel, and the ms the estimate adds per page.
// Run: npm run bench -- quality-corpus   (BENCH_CORPUS_SEED picks the sample; 7000 is the tuning seed)
import { QualityGate } from '../../electron/capture/quality';
import {
  measureEdgeRise,
  resamplingPeak,
  detailScale,
  type ResamplePeak,
} from '../../electron/capture/quality/effective-resolution';
import { decodeGrey } from '../../electron/capture/quality/decode';
import { DEFAULT_QUALITY_THRESHOLDS } from '../../electron/capture/quality/thresholds';
import { measurePage } from '../../electron/capture/quality/metrics';
import { generateWideCorpus } from '../../sim/acta/corpus';
import { renderActaPage } from '../../sim/acta/page';
import { PERSONALITIES, scanAs, type ResizeKernel } from '../../sim/acta/scanner-personality';
import { classTable, tally } from '../electron/capture/quality/corpus-table';

/** The edges' resampling line strength, as printed in the table. */
const edgeLine = (p: ResamplePeak) => (p.edges?.score ?? 0).toFixed(0).padStart(3);

const SEED = Number(process.env.BENCH_CORPUS_SEED ?? 7000);
const gate = new QualityGate();
try {
  const t0 = performance.now();
  const pending = [];
  for await (const c of generateWideCorpus({
    seed: SEED,
    rounds: Number(process.env.BENCH_CORPUS_ROUNDS ?? 3),
  }))
    pending.push(gate.inspect(c.bytes).then((r) => [c, r] as const));
  const results = await Promise.all(pending);
  console.log(
    `Corpus seed ${SEED}: ${results.length} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(classTable(tally(results.map(([c, r]) => [c, r]))));
  if (process.env.BENCH_CORPUS_ONLY) process.exit(0);

  console.log('\nEffective resolution: estimated dpi (true source dpi × kernel), per personality');
  const kernels: ResizeKernel[] = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos3'];
  const dpis = [96, 100, 120, 150, 200, 240, 300];
  const { optical } = await renderActaPage({ seed: SEED + 99, colour: 'colour' });
  const people = [PERSONALITIES[0]!, PERSONALITIES[1]!, PERSONALITIES[3]!];
  console.log(`source dpi  kernel     ${people.map((p) => p.name.padEnd(26)).join('')}`);
  console.log('(line: resampling line strength in the paper grain / on printed edges)');
  const extraMs: number[] = [];
  for (const dpi of dpis)
    for (const kernel of dpi === 300 ? (['none'] as const) : kernels) {
      const cells: string[] = [];
      for (const p of people) {
        const d =
          dpi === 300 ? null : { kind: 'lowResolution' as const, dpi, kernel: kernel as ResizeKernel };
        const { bytes } = await scanAs(optical, p, d, dpi);
        const g = await decodeGrey(bytes, DEFAULT_QUALITY_THRESHOLDS);
        const m = measurePage(g.gray, g.width, g.height);
        const t = performance.now();
        detailScale(
          measureEdgeRise(g.gray, g.width, g.height, m.paperLevel, m.inkLevel),
          resamplingPeak(g.gray, g.width, g.height),
        );
        extraMs.push(performance.now() - t);
        cells.push(
          `${(300 * m.detailScale).toFixed(0).padStart(4)} (line ${m.resampleLine.score.toFixed(0).padStart(3)}/${edgeLine(m.resampleLine)})`.padEnd(
            26,
          ),
        );
      }
      console.log(`${String(dpi).padStart(10)}  ${kernel.padEnd(9)}  ${cells.join('')}`);
    }
  extraMs.sort((a, b) => a - b);
  console.log(
    `\nEffective-resolution estimate (edge rise + resampling lines): median ${extraMs[extraMs.length >> 1]!.toFixed(0)} ms, ` +
      `fastest ${extraMs[0]!.toFixed(0)} ms per 2550×3300 page (a busy machine shows in the median)`,
  );
} finally {
  await gate.close();
}
