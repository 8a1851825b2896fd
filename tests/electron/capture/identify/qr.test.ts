// Identification from the QR label on a real-size rendered acta: found, missing, invalid key, and
// found on the page when the label is not where the station expects it.
import { describe, expect, it } from 'vitest';
import { identifyFromQr, scanQr } from '../../../../electron/capture/identify';
import { formatActaKeyLabel, type ActaKey } from '../../../../shared/acta-key';
import { rawSharp, renderActaPage } from '../../../../sim/acta/page';

const KEY: ActaKey = {
  year: 2024,
  election: 'PRES',
  entidad: '09',
  distrito: '05',
  seccion: '1234',
  casillaType: 'B',
  casillaNumber: 1,
};
const LABEL = { left: 0.6, top: 0, width: 0.4, height: 0.3 };

async function grey(spec: Parameters<typeof renderActaPage>[0]) {
  const { page } = await renderActaPage(spec);
  const { data, info } = await rawSharp(page)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, w: info.width, h: info.height };
}

describe('QR identification', () => {
  it('reads the key from the label region of a 300-dpi acta', async () => {
    const g = await grey({ seed: 11, colour: 'grey', key: KEY });
    const scan = await scanQr(g.data, g.w, g.h, LABEL);
    expect(scan).toEqual({ found: true, text: formatActaKeyLabel(KEY), where: 'label' });
    expect(identifyFromQr(scan)).toMatchObject({ ok: true, value: { key: KEY } });
  });

  it('falls back to the whole page when the label is elsewhere', async () => {
    const g = await grey({ seed: 12, colour: 'colour', key: KEY });
    const scan = await scanQr(g.data, g.w, g.h, { left: 0, top: 0.7, width: 0.3, height: 0.3 });
    expect(scan).toMatchObject({ found: true, where: 'page' });
  });

  it('says "unreadable" when the acta has no QR (the key must be typed)', async () => {
    const g = await grey({ seed: 13, colour: 'grey', key: KEY, qrText: null });
    const id = identifyFromQr(await scanQr(g.data, g.w, g.h, LABEL));
    expect(id).toMatchObject({ ok: false, error: { code: 'qrUnreadable' } });
  });

  it('says which field is wrong when the QR holds an invalid key', async () => {
    const bad = formatActaKeyLabel(KEY).replace(/\|\d$/, (m) => `|${(+m.slice(1) + 1) % 10}`);
    const g = await grey({ seed: 14, colour: 'grey', key: KEY, qrText: bad });
    expect(identifyFromQr(await scanQr(g.data, g.w, g.h, LABEL))).toEqual({
      ok: false,
      error: { code: 'qrInvalidKey', messageKey: 'actaKey.error.checkDigit', text: bad },
    });
    const g2 = await grey({ seed: 15, colour: 'grey', key: KEY, qrText: 'https://example.com/promo' });
    expect(identifyFromQr(await scanQr(g2.data, g2.w, g2.h, LABEL))).toMatchObject({
      error: { messageKey: 'actaKey.error.fields' },
    });
  });

  it('reads a QR that survived a slight blur and a 1° skew', async () => {
    const { page } = await renderActaPage({ seed: 16, colour: 'grey', key: KEY });
    const { data, info } = await rawSharp(page)
      .rotate(1, { background: '#f0f0f0' })
      .blur(1)
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(identifyFromQr(await scanQr(data, info.width, info.height, LABEL))).toMatchObject({
      ok: true,
      value: { key: KEY },
    });
  });
});
