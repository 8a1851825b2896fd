// The gate against the widened corpus (sim/acta/corpus.ts generateWideCorpus): clean pages, and
// every defect just short of its threshold (must pass) and just past it (must be rejected), each
// scanned through several scanner personalities. Per class: reject recall, false rejects, and the
// share of suitable pages whose acta key the QR gave. Seeds here are not the ones used for tuning
// (npm run bench -- quality-corpus uses 7000).
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate, type Inspection, type InspectionError } from '../../../../electron/capture/quality';
import type { Result } from '../../../../electron/platform/result';
import { generateWideCorpus, type CorpusCase } from '../../../../sim/acta/corpus';
import { classTable, tally } from './corpus-table';

const gate = new QualityGate();
afterAll(() => gate.close());

describe('quality gate on the widened sim/acta corpus', () => {
  it(
    'per class: ≥ 98 % reject recall, ≤ 2 % false rejects, ≥ 99 % keys read, and the right reason',
    { timeout: 300_000 },
    async () => {
      const t0 = performance.now();
      // Generate and judge overlapping: the workers judge one page while the generator draws the next.
      const pending: Array<Promise<[CorpusCase, Result<Inspection, InspectionError>]>> = [];
      for await (const c of generateWideCorpus({ seed: 2024 }))
        pending.push(gate.inspect(c.bytes).then((r) => [c, r]));
      const results = await Promise.all(pending);
      for (const [c, r] of results) expect(r.ok, c.label).toBe(true);
      const rows = tally(results);
      console.log(
        `${classTable(rows)}\n${results.length} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );

      for (const [cls, row] of rows) {
        if (row.mustReject)
          expect(
            row.rejected / row.n,
            `${cls} reject recall\n${row.misses.join('\n')}`,
          ).toBeGreaterThanOrEqual(0.98);
        else {
          expect(row.rejected / row.n, `${cls} false rejects\n${row.misses.join('\n')}`).toBeLessThanOrEqual(
            0.02,
          );
          const suitable = row.n - row.rejected;
          const keysRead = suitable ? row.keysRead / suitable : 1;
          const floor = 0.99;
          expect(keysRead, `${cls} keys read\n${row.unread.join('\n')}`).toBeGreaterThanOrEqual(floor);
        }
      }
      // The reason must match the defect class: the operator acts on it.
      const expected: Record<string, string[]> = {
        blur: ['blur'],
        motionBlur: ['motionBlur', 'blur'],
        tooDark: ['tooDark'],
        overexposed: ['overexposed'],
        lowContrast: ['lowContrast'],
        skew: ['skew'],
        cutOff: ['cutOffTop', 'cutOffBottom', 'cutOffLeft', 'cutOffRight'],
        lowResolution: ['lowResolution', 'lowEffectiveResolution'],
        jpegArtifacts: ['compression'],
        foldedCorner: ['foldedCorner'],
        blank: ['blank'],
        notActa: ['notActa'],
      };
      for (const [cls, row] of rows) {
        const want = expected[cls];
        if (!want) continue;
        const named = [...row.codes].filter(([k]) => want.includes(k)).reduce((a, [, v]) => a + v, 0);
        expect(named, `${cls} pages rejected for the right reason`).toBeGreaterThanOrEqual(row.rejected);
      }
    },
  );
});
