// The gate against a labelled corpus at true 300 dpi (2550×3300): clean pages and mild
// imperfections must pass, every defect severity must be rejected. Prints the confusion table.
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate, type Inspection, type InspectionError } from '../../../../electron/capture/quality';
import type { Result } from '../../../../electron/platform/result';
import { generateCorpus, type CorpusCase } from '../../../../sim/acta/corpus';

const gate = new QualityGate();
afterAll(() => gate.close());

describe('quality gate on the sim/acta corpus', () => {
  it(
    'rejects ≥ 98 % of defective pages and ≤ 2 % of good ones, and says why',
    { timeout: 120_000 },
    async () => {
      // Generate and judge in an overlapping way: the gate's workers judge one page while the
      // generator draws the next.
      const pending: Array<Promise<[CorpusCase, Result<Inspection, InspectionError>]>> = [];
      for await (const c of generateCorpus({ basePages: 4, seed: 2024 })) {
        pending.push(gate.inspect(c.bytes).then((r) => [c, r]));
      }
      const results = await Promise.all(pending);
      const rows = new Map<string, { n: number; rejected: number; codes: Map<string, number> }>();
      let tp = 0;
      let fn = 0;
      let fp = 0;
      let tn = 0;
      const misses: string[] = [];
      for (const [c, r] of results) {
        expect(r.ok, c.label).toBe(true);
        if (!r.ok) continue;
        const { verdict, identification } = r.value;
        const rejected = !verdict.suitable;
        if (c.mustReject && rejected) tp++;
        else if (c.mustReject) fn++;
        else if (rejected) fp++;
        else tn++;
        if (rejected !== c.mustReject)
          misses.push(`${c.label}: ${verdict.reasons.map((x) => x.code).join(',') || 'none'}`);
        const row = rows.get(c.cls) ?? { n: 0, rejected: 0, codes: new Map() };
        row.n++;
        if (rejected) row.rejected++;
        for (const x of verdict.reasons.filter((x) => x.severity === 'reject'))
          row.codes.set(x.code, (row.codes.get(x.code) ?? 0) + 1);
        rows.set(c.cls, row);
        // A page with a readable label must be identified with the key printed on it.
        if (c.cls === 'clean' || c.cls === 'mild') {
          expect(identification.ok, c.label).toBe(true);
          if (identification.ok) expect(identification.value.key, c.label).toEqual(c.key);
        }
      }
      const recall = tp / (tp + fn);
      const falseRejects = fp / (fp + tn);
      const table = [
        'class            pages  rejected  reject reasons',
        ...[...rows].map(
          ([cls, row]) =>
            `${cls.padEnd(16)} ${String(row.n).padStart(5)}  ${String(row.rejected).padStart(8)}  ${[...row.codes].map(([k, v]) => `${k}×${v}`).join(' ')}`,
        ),
        `reject recall ${(recall * 100).toFixed(1)} % (${tp}/${tp + fn}) · false rejects ${(falseRejects * 100).toFixed(1)} % (${fp}/${fp + tn})`,
        ...misses.map((m) => `MISS ${m}`),
      ].join('\n');
      console.log(table);
      expect(recall).toBeGreaterThanOrEqual(0.98);
      expect(falseRejects).toBeLessThanOrEqual(0.02);
      // The reason must match the defect class: the operator acts on it.
      const expected: Record<string, string[]> = {
        blur: ['blur'],
        motionBlur: ['motionBlur', 'blur'],
        tooDark: ['tooDark'],
        overexposed: ['overexposed'],
        lowContrast: ['lowContrast'],
        skew: ['skew'],
        cutOff: ['cutOffTop', 'cutOffBottom', 'cutOffLeft', 'cutOffRight'],
        lowResolution: ['lowResolution'],
        jpegArtifacts: ['compression'],
        foldedCorner: ['foldedCorner'],
        blank: ['blank'],
        notActa: ['notActa'],
      };
      for (const [cls, row] of rows) {
        const want = expected[cls];
        if (!want) continue;
        const named = [...row.codes].filter(([k]) => want.includes(k)).reduce((a, [, v]) => a + v, 0);
        expect(named, `${cls} pages rejected for the right reason`).toBeGreaterThanOrEqual(row.n);
      }
    },
  );
});
