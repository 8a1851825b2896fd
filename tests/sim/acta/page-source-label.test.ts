// The simulated scanner of `npm start` feeds the acta just received carrying the acopio label
// printed for it: the gate reads that label's QR (key + acopio stamp) and identifies the acta,
// and the station recognises the stamp as its own.
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../electron/capture/quality';
import { ScanOptionsSchema } from '../../../electron/capture/scanners/types';
import { checkAcopioLabel } from '../../../electron/workflow/acopio-label';
import { actaPageSource } from '../../../sim/acta/page-source';
import { ACTA, KEY, label, station } from '../../electron/capture/printers/label-fixture';

const gate = new QualityGate({ workers: 1 });
afterAll(() => gate.close());

describe('simulated scanner with the printed acopio label', () => {
  it('the scanned sheet carries the label; the gate identifies the acta by it', async () => {
    const st = station();
    const l = label(st);
    const source = actaPageSource({
      defectRate: 0,
      seed: 7,
      currentKey: () => KEY,
      currentLabelText: () => l.qrText,
    });
    const page = await source(0, ScanOptionsSchema.parse({}));
    const r = await gate.inspect(page.bytes);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.identification).toMatchObject({
      ok: true,
      value: { key: KEY, text: l.qrText, where: 'label' },
    });
    expect(checkAcopioLabel(st.secret, l.qrText)).toMatchObject({ verdict: 'genuine', seq: ACTA.id });
  }, 30_000);
});
