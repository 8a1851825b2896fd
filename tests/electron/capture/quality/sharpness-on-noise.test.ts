// Edge steepness on a noisy sensor: a contact-image sensor's column banding and grain make
// horizontal neighbour steps as large as a tenth of a dark or dull page's contrast. Counted as
// edges, they made a sharp page whose tone was a little off look smeared across, and the gate
// refused it as motionBlur (bench corpus: tooDark ×0.78 and lowContrast ×0.62 on the cheap
// flatbed, 1 of 33 good pages per seed). Each personality with banding scans the tone defects
// short of their threshold (no blur refusal) and the blur defects past theirs (still refused).
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../../electron/capture/quality';
import { NEAR_PASS_DEFECTS, NEAR_REJECT_DEFECTS } from '../../../../sim/acta/corpus';
import { renderActaPage } from '../../../../sim/acta/page';
import { PERSONALITIES, scanAs } from '../../../../sim/acta/scanner-personality';

const gate = new QualityGate();
afterAll(() => gate.close());

const BLUR = ['blur', 'motionBlur'] as const;
const isBlur = (code: string) => (BLUR as readonly string[]).includes(code);
const banded = PERSONALITIES.filter((p) => p.banding >= 3);

describe('edge steepness on a sensor with banding and grain', () => {
  it('has noisy, banded scanner personalities', () => {
    expect(banded.length).toBeGreaterThanOrEqual(2);
  });

  for (const p of banded) {
    it(`${p.name}: a darker or duller sharp page is not called blurred; a blurred one still is`, async () => {
      const { optical } = await renderActaPage({
        seed: 4412,
        colour: p.output === 'grey' ? 'grey' : 'colour',
      });
      const cases = [
        ...NEAR_PASS_DEFECTS.filter((d) => ['tooDark', 'lowContrast', 'overexposed'].includes(d.kind)).map(
          (d) => ({ d, blurred: false }),
        ),
        ...NEAR_REJECT_DEFECTS.filter((d) => isBlur(d.kind)).map((d) => ({ d, blurred: true })),
      ];
      const wrong: string[] = [];
      for (const [i, c] of cases.entries()) {
        const { bytes } = await scanAs(optical, p, c.d, 6600 + i);
        const r = await gate.inspect(bytes);
        expect(r.ok).toBe(true);
        if (!r.ok) continue;
        const rejects = r.value.verdict.reasons.filter((x) => x.severity === 'reject');
        const blurred = rejects.filter((x) => isBlur(x.code));
        const right = c.blurred ? blurred.length > 0 : rejects.length === 0;
        if (!right)
          wrong.push(
            `${JSON.stringify(c.d)}: ${rejects.map((x) => `${x.code}=${x.value}`).join(' ') || 'passed'}`,
          );
      }
      expect(wrong).toEqual([]);
    }, 240_000);
  }
});
