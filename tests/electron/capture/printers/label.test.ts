// The acopio label: what it says, that its QR read back from a 300-dpi rendering of the printed
// PDF gives the same key (and the stamp), and that a forged or edited label is told apart.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { identifyFromQr, scanQr } from '../../../../electron/capture/identify';
import { layoutAcopioLabel } from '../../../../electron/capture/printers/label-layout';
import { labelPdf } from '../../../../electron/capture/printers/pdf';
import { labelZpl } from '../../../../electron/capture/printers/zpl';
import { checkAcopioLabel } from '../../../../electron/workflow/acopio-label';
import { tempDir } from '../../../helpers/temp';
import { ACTA, KEY, greyOf, label, station } from './label-fixture';

const WHOLE = { left: 0, top: 0, width: 1, height: 1 };

describe('acopio label content', () => {
  it('says CATD, station, acopio time with offset, sequence, key in words and code', () => {
    const l = label();
    expect(l.acopioAt).toBe('02/12/2026 12:21:07 UTC-06:00');
    expect(l.keyWords).toBe('PRES · 09-05 · 1234 B1');
    expect(l.qrText).toBe(`${ACTA.keyLabel} A|20261202T122107-0600|42|${l.code}`);
    const texts = layoutAcopioLabel(l).texts.map((t) => t.text);
    expect(texts).toEqual([
      'CATD 09-05',
      'EST. EST-03',
      'ACOPIO 02/12/2026',
      '12:21:07 UTC-06:00',
      'NO. 000042',
      'PRES · 09-05 · 1234 B1',
      `COD. ${l.code.slice(0, 4)}-${l.code.slice(4)}`,
    ]);
  });

  it('marks a reprint', () => {
    const texts = layoutAcopioLabel(label(station(), true)).texts;
    expect(texts.at(-1)).toMatchObject({ text: 'REIMPRESIÓN', inverted: true });
    expect(texts.at(-1)!.y + texts.at(-1)!.height).toBeLessThanOrEqual(203);
  });

  it('puts a 4-dot QR with its quiet zone inside the 2×1 in label', () => {
    const { qr, widthDots, heightDots } = layoutAcopioLabel(label());
    expect(qr.moduleDots).toBe(4);
    expect(qr.x - 4 * qr.moduleDots).toBeGreaterThanOrEqual(0);
    expect(qr.y - 4 * qr.moduleDots).toBeGreaterThanOrEqual(0);
    expect(qr.y + (qr.size + 4) * qr.moduleDots).toBeLessThanOrEqual(heightDots);
    expect(widthDots).toBe(406);
  });
});

describe('label short code', () => {
  it('accepts the station’s own label and tells a forged or edited one apart', () => {
    const st = station();
    const l = label(st);
    expect(checkAcopioLabel(st.secret, l.qrText)).toMatchObject({ verdict: 'genuine', seq: 42 });
    // Same content printed by another station (another key): its code does not match ours.
    expect(checkAcopioLabel(st.secret, label(station(2)).qrText).verdict).toBe('forged');
    // Our genuine label with the acopio time moved an hour earlier.
    const edited = l.qrText.replace('T122107', 'T112107');
    expect(checkAcopioLabel(st.secret, edited).verdict).toBe('forged');
    expect(checkAcopioLabel(st.secret, ACTA.keyLabel).verdict).toBe('noStamp');
    expect(checkAcopioLabel(st.secret, 'PREP|2024|PRES|09|05|1234|B|1|7 A|x').verdict).toBe('invalidKey');
  });
});

describe('printed label read back by the product’s QR reader', () => {
  it('PDF on a letter sheet, rendered at 300 dpi by pdftoppm, gives the same key first time', async () => {
    const dir = tempDir('label-pdf');
    const pdf = path.join(dir, 'label.pdf');
    const l = label();
    fs.writeFileSync(pdf, labelPdf(layoutAcopioLabel(l)));
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', pdf, path.join(dir, 'page')]);
    const g = await greyOf(path.join(dir, 'page.png'));
    expect([g.w, g.h]).toEqual([2550, 3300]);
    const scan = await scanQr(g.data, g.w, g.h, WHOLE);
    expect(scan).toMatchObject({ found: true, text: l.qrText });
    expect(identifyFromQr(scan)).toMatchObject({ ok: true, value: { key: KEY } });
  });

  it('ZPL carries the text fields and the QR as one ^GF graphic', () => {
    const zpl = labelZpl(layoutAcopioLabel(label(station(), true)));
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl).toContain('^FDPRES · 09-05 · 1234 B1^FS');
    expect(zpl).toContain('^FR');
    expect(zpl.match(/\^GFA,(\d+),\1,(\d+),([0-9A-F]+)\^FS/)).not.toBeNull();
  });
});
