// The effective resolution of a page, from its printed detail: a sheet scanned at ~100 dpi and
// resized up to the 300 dpi the file claims (a cheap scanner, a wrong driver setting) is refused
// with its own reason and the estimated dpi, whichever kernel did the resize and whatever noise
// and JPEG came after; a true 300-dpi scan, and one from 240 dpi, pass.
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../../electron/capture/quality';
import { renderActaPage, type RawPage } from '../../../../sim/acta/page';
import { PERSONALITIES, scanAs, type ResizeKernel } from '../../../../sim/acta/scanner-personality';

const gate = new QualityGate();
afterAll(() => gate.close());

let optical: RawPage | undefined;
async function page(): Promise<RawPage> {
  optical ??= (await renderActaPage({ seed: 4242, colour: 'grey' })).optical;
  return optical;
}

async function judge(dpi: number | null, kernel: ResizeKernel, personality = PERSONALITIES[0]!) {
  const d = dpi === null ? null : { kind: 'lowResolution' as const, dpi, kernel };
  const { bytes } = await scanAs(await page(), personality, d, 7);
  const r = await gate.inspect(bytes);
  if (!r.ok) throw new Error(r.error.detail);
  return r.value.verdict;
}

describe('effective resolution', () => {
  it.each<[number, ResizeKernel]>([
    [100, 'lanczos3'],
    [100, 'cubic'],
    [100, 'linear'],
    [96, 'nearest'],
    [150, 'mitchell'],
  ])(
    'refuses a %i-dpi scan resized up with %s, saying so and how many dpi it really has',
    { timeout: 60_000 },
    async (dpi, kernel) => {
      const v = await judge(dpi, kernel);
      expect(v.suitable).toBe(false);
      const reason = v.reasons.find((r) => r.code === 'lowEffectiveResolution');
      expect(reason, JSON.stringify(v.reasons)).toBeDefined();
      expect(reason!.value).toBeGreaterThan(dpi * 0.9);
      expect(reason!.value).toBeLessThan(dpi * 1.25);
      expect(reason!.threshold).toBe(225);
    },
  );

  it(
    'refuses a 100-dpi scan a JPEG-saving sheet-fed scanner resized up (noise, tint, JPEG 85)',
    { timeout: 60_000 },
    async () => {
      const v = await judge(100, 'cubic', PERSONALITIES[1]);
      expect(v.reasons.map((r) => r.code)).toContain('lowEffectiveResolution');
    },
  );

  // A JPEG chain quantises the paper's fine grain to nothing, and with it the resampling line the
  // grain carried; the printed edges keep theirs.
  it.each<[number, ResizeKernel, string]>([
    [120, 'mitchell', 'mfp-resaved-colour'],
    [150, 'linear', 'mfp-resaved-colour'],
    [150, 'lanczos3', 'cheap-flatbed-colour'],
  ])(
    'refuses a %i-dpi scan resized up with %s and saved through the JPEG chain of %s',
    { timeout: 60_000 },
    async (dpi, kernel, name) => {
      const scanner = PERSONALITIES.find((p) => p.name === name);
      if (!scanner) throw new Error(`no personality ${name}`);
      const v = await judge(dpi, kernel, scanner);
      const reason = v.reasons.find((r) => r.code === 'lowEffectiveResolution');
      expect(reason, JSON.stringify(v.reasons)).toBeDefined();
      expect(reason!.value).toBeLessThan(225);
    },
  );

  it('passes a true 300-dpi scan and one from 240 dpi', { timeout: 60_000 }, async () => {
    expect((await judge(null, 'cubic')).reasons.map((r) => r.code)).not.toContain('lowEffectiveResolution');
    expect((await judge(240, 'lanczos3')).reasons.map((r) => r.code)).not.toContain('lowEffectiveResolution');
  });

  // A 250-dpi resize repeats every 6 px; its second harmonic (1/3) in the paper's grain alone, after
  // a driver's sharpening, once read as a 200-dpi source.
  it('passes a 250-dpi scan a sharpening document scanner resized up', { timeout: 60_000 }, async () => {
    const docscanner = PERSONALITIES.find((p) => p.name === 'docscanner-png-colour');
    if (!docscanner) throw new Error('no docscanner personality');
    const v = await judge(250, 'lanczos3', docscanner);
    expect(v.reasons.map((r) => r.code)).not.toContain('lowEffectiveResolution');
  });
});
