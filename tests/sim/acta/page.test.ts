// The simulated acta is what the gate is tuned on: it must be letter at 300 dpi, deterministic from
// its seed, and carry its key in the QR.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyDefect } from '../../../sim/acta/defects';
import { encodePage, LETTER_HEIGHT_PX, LETTER_WIDTH_PX, renderActaPage } from '../../../sim/acta/page';

describe('sim/acta page', () => {
  it('renders a 2550×3300 page that claims 300 dpi, identical for the same seed', async () => {
    const a = await renderActaPage({ seed: 5, colour: 'colour' });
    const b = await renderActaPage({ seed: 5, colour: 'colour' });
    const c = await renderActaPage({ seed: 6, colour: 'colour' });
    expect(a.page.data.equals(b.page.data)).toBe(true);
    expect(a.page.data.equals(c.page.data)).toBe(false);
    const meta = await sharp(await encodePage(a.page, 'jpeg')).metadata();
    expect([meta.width, meta.height, meta.density, meta.channels]).toEqual([
      LETTER_WIDTH_PX,
      LETTER_HEIGHT_PX,
      300,
      3,
    ]);
  });

  it('keeps the page size under every geometric defect', async () => {
    const { page } = await renderActaPage({ seed: 5, colour: 'grey' });
    for (const d of [
      { kind: 'skew', degrees: 7 },
      { kind: 'cutOff', edge: 'left', fraction: 0.1 },
      { kind: 'foldedCorner', corner: 'topLeft', leg: 300 },
    ] as const) {
      const out = await applyDefect(page, d);
      expect([out.page.width, out.page.height], d.kind).toEqual([LETTER_WIDTH_PX, LETTER_HEIGHT_PX]);
    }
  });
});
