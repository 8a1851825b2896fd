// The printed label stuck on an acta and scanned: the label as each printer really produced it
// (the PDF cups-pdf wrote, rendered at 300 dpi; the simulated ZPL printer's graphic, resampled
// from 203 to 300 dpi) is laid onto a simulated acta with no QR of its own, where the gate looks
// for the label, before the scanner's sensor noise; the quality gate identifies the acta by it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../../electron/capture/quality';
import { CupsPrinter } from '../../../../electron/capture/printers/cups-printer';
import { layoutAcopioLabel } from '../../../../electron/capture/printers/label-layout';
import { labelPlacement } from '../../../../electron/capture/printers/pdf';
import { ZplPrinter } from '../../../../electron/capture/printers/zpl-printer';
import { systemClock } from '../../../../electron/platform/clock';
import {
  QR_LABEL_BOX,
  addSensorNoise,
  encodePage,
  rawSharp,
  renderActaPage,
} from '../../../../sim/acta/page';
import { ZplPrinterSim } from '../../../../sim/printers/zpl-printer';
import { cupsAvailable, startCups } from '../../../helpers/cups';
import { tempDir } from '../../../helpers/temp';
import { KEY, label } from './label-fixture';

const gate = new QualityGate({ workers: 1 });
afterAll(() => gate.close());

/** The acta scanned with the label stuck where the station expects it (grey 300-dpi label image). */
async function actaWithLabel(labelPng: Buffer, seed: number): Promise<Buffer> {
  const { optical } = await renderActaPage({ seed, colour: 'grey', key: KEY, qrText: null });
  const stuck = await rawSharp(optical)
    .composite([
      {
        input: await sharp(labelPng).toColourspace('b-w').png().toBuffer(),
        left: QR_LABEL_BOX.left,
        top: QR_LABEL_BOX.top,
      },
    ])
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return encodePage(addSensorNoise({ ...optical, data: stuck, channels: 1 }, seed), 'png');
}

async function expectIdentified(page: Buffer) {
  const r = await gate.inspect(page);
  if (!r.ok) throw new Error(r.error.detail);
  expect(r.value.identification).toMatchObject({ ok: true, value: { key: KEY, where: 'label' } });
  expect(r.value.verdict.reasons.filter((x) => x.severity === 'reject')).toEqual([]);
  expect(r.value.verdict.suitable).toBe(true);
}

describe('printed acopio label on a scanned acta', () => {
  it('control: the same acta without a label is not identified by QR', async () => {
    const { page } = await renderActaPage({ seed: 31, colour: 'grey', key: KEY, qrText: null });
    const r = await gate.inspect(await encodePage(page, 'png'));
    expect(r.ok && r.value.identification.ok).toBe(false);
  });

  it('label from the simulated ZPL printer → identified by QR', async () => {
    const sim = new ZplPrinterSim();
    const port = await sim.listen();
    try {
      const driver = new ZplPrinter(systemClock, { host: '127.0.0.1', port });
      expect((await driver.print(label())).ok).toBe(true);
      await expect.poll(() => sim.printed.length).toBe(1);
      const png = sim.printed[0]!.png;
      const at300 = await sharp(png)
        .resize(Math.round((406 * 300) / 203), Math.round((203 * 300) / 203), { kernel: 'cubic' })
        .blur(0.7)
        .png()
        .toBuffer();
      await expectIdentified(await actaWithLabel(at300, 32));
    } finally {
      await sim.close();
    }
  }, 30_000);

  it.runIf(cupsAvailable())(
    'label printed through CUPS (cups-pdf) → identified by QR',
    async () => {
      const cups = await startCups();
      try {
        const driver = new CupsPrinter(systemClock, { queue: cups.queue, server: cups.server });
        const l = label();
        expect((await driver.print(l)).ok).toBe(true);
        const pdf = await cups.nextPdf();
        // Cut the label out of the printed sheet at 300 dpi, frame included.
        const layout = layoutAcopioLabel(l);
        const at = labelPlacement('letter', layout);
        const px = (pt: number) => Math.round((pt * 300) / 72);
        const w = px(layout.widthDots * at.scale);
        const h = px(layout.heightDots * at.scale);
        const dir = tempDir('label-cut');
        execFileSync('pdftoppm', [
          ...['-r', '300', '-gray', '-png', '-singlefile'],
          ...['-x', String(px(at.x)), '-y', String(px(792 - at.y) - h), '-W', String(w), '-H', String(h)],
          pdf,
          path.join(dir, 'label'),
        ]);
        await expectIdentified(await actaWithLabel(fs.readFileSync(path.join(dir, 'label.png')), 33));
      } finally {
        await cups.dispose();
      }
    },
    60_000,
  );
});
