// Tone judged on the sheet, not on the scanner's bed: a sheet-fed scanner's black backing (or a
// flatbed's grey lid) around the page is darker than any ink, so taken with the page it hid a
// washed-out or low-contrast acta (the bench corpus passed lowContrast ×0.4 and overexposed +0.58
// on the sheet-fed scanner). Each personality that shows its bed scans the tone defects just past
// their threshold (must be rejected for that reason) and just short of it (no tone refusal).
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../../electron/capture/quality';
import { NEAR_PASS_DEFECTS, NEAR_REJECT_DEFECTS } from '../../../../sim/acta/corpus';
import type { Defect } from '../../../../sim/acta/defects';
import { renderActaPage } from '../../../../sim/acta/page';
import { PERSONALITIES, scanAs } from '../../../../sim/acta/scanner-personality';

const gate = new QualityGate();
afterAll(() => gate.close());

const TONE = ['lowContrast', 'overexposed', 'tooDark'] as const;
const isTone = (d: Defect) => (TONE as readonly string[]).includes(d.kind);
const withBed = PERSONALITIES.filter((p) => p.bed !== 'none');

describe('tone of a sheet scanned with its bed in view', () => {
  it('has scanner personalities that show their bed', () => {
    expect(withBed.length).toBeGreaterThanOrEqual(2);
  });

  for (const p of withBed) {
    it(`${p.name}: tone defects past their threshold are rejected for it, those short of it pass`, async () => {
      const { optical } = await renderActaPage({
        seed: 4411,
        colour: p.output === 'grey' ? 'grey' : 'colour',
      });
      const cases = [
        ...NEAR_REJECT_DEFECTS.filter(isTone).map((d) => ({ d, reject: true })),
        ...NEAR_PASS_DEFECTS.filter(isTone).map((d) => ({ d, reject: false })),
        { d: null, reject: false },
      ];
      const wrong: string[] = [];
      for (const [i, c] of cases.entries()) {
        const { bytes } = await scanAs(optical, p, c.d, 8800 + i);
        const r = await gate.inspect(bytes);
        expect(r.ok).toBe(true);
        if (!r.ok) continue;
        const rejects = r.value.verdict.reasons.filter((x) => x.severity === 'reject').map((x) => x.code);
        // A page short of a tone threshold is a good page: no refusal at all (on the cheap
        // flatbed its banding once made it look smeared: sharpness-on-noise.test.ts).
        const right = c.reject ? rejects.includes(c.d!.kind as never) : rejects.length === 0;
        if (!right) wrong.push(`${c.d ? JSON.stringify(c.d) : 'clean'}: ${rejects.join(' ') || 'passed'}`);
      }
      expect(wrong).toEqual([]);
    }, 240_000);
  }
});
