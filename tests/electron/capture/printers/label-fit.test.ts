// Long names on the 51×25 mm label: a CATD or station name of 60 characters and more, and the
// widest key in words, stay inside the label (drawn smaller, names cut with an ellipsis; the key
// never cut), checked on the PDF as pdftoppm draws it at 300 dpi, whose QR still reads to the key.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { identifyFromQr, scanQr } from '../../../../electron/capture/identify';
import { layoutAcopioLabel, TEXT_MAX_WIDTH } from '../../../../electron/capture/printers/label-layout';
import { labelPdf, labelPlacement } from '../../../../electron/capture/printers/pdf';
import { labelZpl } from '../../../../electron/capture/printers/zpl';
import { ELLIPSIS, MIN_TEXT_DOTS, textWidthDots } from '../../../../electron/capture/printers/text-fit';
import { acopioLabelFor } from '../../../../electron/workflow/acopio-label';
import { displayActaKey, formatActaKeyLabel, type ActaKey } from '../../../../shared/acta-key';
import { tempDir } from '../../../helpers/temp';
import { ACTA, greyOf, station } from './label-fixture';

const WHOLE = { left: 0, top: 0, width: 1, height: 1 };
const LONG_CATD = 'Centro de Acopio y Transmisión de Datos 05 Tlalpan, Ciudad de México (sede alterna)';
const LONG_STATION = 'Estación de acopio número 03 — planta baja, junto al acceso principal';
/** The widest key the format allows: a six-letter election, a three-digit casilla. */
const WIDE_KEY: ActaKey = {
  year: 2024,
  election: 'WWWMMM',
  entidad: '28',
  distrito: '08',
  seccion: '8888',
  casillaType: 'E',
  casillaNumber: 888,
};

function longLabel(reprint = false) {
  const acta = { ...ACTA, keyLabel: formatActaKeyLabel(WIDE_KEY), display: displayActaKey(WIDE_KEY) };
  return acopioLabelFor(acta, { ...station(), catd: LONG_CATD, station: LONG_STATION }, reprint);
}

describe('long names on the label', () => {
  it.each([false, true])('every line fits the width (reprint %s); names cut, the key whole', (reprint) => {
    const layout = layoutAcopioLabel(longLabel(reprint));
    for (const t of layout.texts) {
      expect(t.x + textWidthDots(t.text, t.height)).toBeLessThanOrEqual(t.x + TEXT_MAX_WIDTH);
      expect(t.height).toBeGreaterThanOrEqual(MIN_TEXT_DOTS);
      expect(t.y + t.height).toBeLessThanOrEqual(layout.heightDots);
    }
    const texts = layout.texts.map((t) => t.text);
    expect(texts[0]).toMatch(/^Centro de Acopio/);
    expect(texts[0]!.endsWith(ELLIPSIS)).toBe(true);
    expect(texts[1]).toMatch(/^EST\. Estación de acopio/);
    expect(texts[1]!.endsWith(ELLIPSIS)).toBe(true);
    expect(texts).toContain('WWWMMM · 28-08 · 8888 E888');
    // The ZPL draws the same lines at the same (smaller) sizes.
    const zpl = labelZpl(layout);
    for (const t of layout.texts) expect(zpl).toContain(`^A0N,${t.height},`);
    expect(zpl).toContain(`^FD${texts[0]}^FS`);
  });

  it('a name that fits is left as it is', () => {
    const layout = layoutAcopioLabel(acopioLabelFor(ACTA, station()));
    expect(layout.texts[0]).toMatchObject({ text: 'CATD 09-05', height: 22 });
  });

  it('drawn by pdftoppm at 300 dpi: no ink outside the label, and its QR reads to the key', async () => {
    const dir = tempDir('label-fit');
    const pdf = path.join(dir, 'label.pdf');
    const l = longLabel(true);
    const layout = layoutAcopioLabel(l);
    fs.writeFileSync(pdf, labelPdf(layout));
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', pdf, path.join(dir, 'page')]);
    const g = await greyOf(path.join(dir, 'page.png'));
    // The label's box on the page, in 300-dpi pixels (PDF space is bottom-up).
    const place = labelPlacement('letter', layout);
    const px = 300 / 72;
    const left = place.x * px;
    const right = (place.x + layout.widthDots * place.scale) * px;
    const top = g.h - (place.y + layout.heightDots * place.scale) * px;
    const bottom = g.h - place.y * px;
    const textLeft = left + layout.texts[0]!.x * place.scale * px;
    let outside = 0;
    let inkInText = 0;
    let rightmostInk = 0;
    for (let y = 0; y < g.h; y++)
      for (let x = 0; x < g.w; x++) {
        // Ink, not the grey cut line (0.6 grey ≈ 153) around the label.
        if (g.data[y * g.w + x]! >= 100) continue;
        const inside = x >= left - 1 && x <= right + 1 && y >= top - 1 && y <= bottom + 1;
        if (!inside) outside++;
        else if (x > textLeft) {
          inkInText++;
          rightmostInk = Math.max(rightmostInk, x);
        }
      }
    expect(outside).toBe(0);
    expect(inkInText).toBeGreaterThan(1000);
    // The text stops short of the edge, where a thermal head no longer prints (REIMPRESIÓN's
    // black bar reaches 4 dots from it; the letters stay within the 6-dot margin).
    expect(rightmostInk).toBeLessThan(right - 3 * place.scale * px);
    const scan = await scanQr(g.data, g.w, g.h, WHOLE);
    expect(scan).toMatchObject({ found: true, text: l.qrText });
    expect(identifyFromQr(scan)).toMatchObject({ ok: true, value: { key: WIDE_KEY } });
  });
});
