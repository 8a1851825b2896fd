// The acopio label through CUPS, end to end: `npm start` with its label printer set to a queue of a
// real, private cupsd (Debian's cups-pdf backend: the "paper" is a PDF). The queue starts stopped:
// in Chromium the operator receives an acta, it is received, the strip shows the printer paused and
// the label "not printed" with what to do. With the queue running again, "Print label again"
// prints it; the PDF cups-pdf wrote, rendered at 300 dpi by pdftoppm, reads back through our QR
// reader to the key received (the same key the ZPL test reads from its label). The supervisor's
// reprint comes out marked REIMPRESIÓN. Then the acta is scanned carrying its label and the QR of
// the image confirms its key. Its own file: cupsd and ghostscript add seconds the ZPL test lacks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  openAsOperator,
  receiveTyped,
  reprintLabelInConsole,
  scanToVerification,
  screenshotPath,
  type StationBrowser,
} from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { cupsAvailable, startCups, type CupsServer } from '../helpers/cups';
import { scanQr, identifyFromQr } from '../../electron/capture/identify';
import {
  LABEL_DPI,
  LABEL_HEIGHT_DOTS,
  LABEL_WIDTH_DOTS,
  type LabelLayout,
} from '../../electron/capture/printers/label-layout';
import { labelPlacement } from '../../electron/capture/printers/pdf';
import { displayActaKey, formatActaKeyLabel } from '../../shared/acta-key';
import { LABEL_E2E_KEY } from '../helpers/label-key';

const KEY = LABEL_E2E_KEY;
const WHOLE = { left: 0, top: 0, width: 1, height: 1 };

let cups: CupsServer;
let station: AppProcess;
let browser: StationBrowser;
let page: Page;

/** The PDF as a 300-dpi grey scan, as pdftoppm renders it, and its QR read by our reader. */
async function readPdf(pdf: string, picture?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-cups-read-'));
  try {
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', pdf, path.join(dir, 'p')]);
    if (picture) await labelPicture(path.join(dir, 'p.png'), picture);
    const { data, info } = await sharp(path.join(dir, 'p.png'))
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const scan = await scanQr(data, info.width, info.height, WHOLE);
    return { scan, text: execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The label cut out of the rendered sheet (the README's picture of a printed label). */
async function labelPicture(sheetPng: string, out: string) {
  const dims = { widthDots: LABEL_WIDTH_DOTS, heightDots: LABEL_HEIGHT_DOTS, dpi: LABEL_DPI };
  const place = labelPlacement('letter', dims as LabelLayout);
  const px = 300 / 72;
  const margin = 8;
  const { height } = await sharp(sheetPng).metadata();
  await sharp(sheetPng)
    .extract({
      left: Math.round(place.x * px) - margin,
      top: Math.round(height! - (place.y + LABEL_HEIGHT_DOTS * place.scale) * px) - margin,
      width: Math.round(LABEL_WIDTH_DOTS * place.scale * px) + 2 * margin,
      height: Math.round(LABEL_HEIGHT_DOTS * place.scale * px) + 2 * margin,
    })
    .toFile(out);
}

describe.runIf(cupsAvailable())('acopio label through CUPS (cups-pdf), end to end', () => {
  beforeAll(async () => {
    cups = await startCups();
    execFileSync('cupsdisable', ['-h', cups.server, cups.queue]);
    station = await startApp({
      // The scanner feeds no defective sheet: a config without `defectRate` gets the night's 12%,
      // and the gate would rightly reject one sheet in eight of this test's scan.
      config: {
        devices: {
          printer: { driver: 'cups', queue: cups.queue, server: cups.server },
          scanner: { driver: 'simulated', defectRate: 0 },
        },
      },
    });
    ({ browser, page } = await openAsOperator(station));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
    await cups?.dispose();
  });

  it('paused queue: received anyway, shown; printed on retry, reprinted, read back, scanned', async () => {
    const strip = page.getByTestId('strip-printer');
    await expect.poll(() => strip.getAttribute('data-health'), { timeout: 15_000 }).toBe('warning');
    expect(await strip.textContent()).toContain('En pausa');

    await receiveTyped(page, formatActaKeyLabel(KEY));
    const label = page.getByTestId('label-print');
    await expect.poll(() => label.getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
    expect(await label.textContent()).toContain('La impresora está en pausa');
    expect(await label.textContent()).toContain('El acta ya quedó recibida');

    execFileSync('cupsenable', ['-h', cups.server, cups.queue]);
    await page.getByRole('button', { name: 'Reimprimir etiqueta' }).click();
    await expect.poll(() => label.getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    await expect.poll(() => strip.getAttribute('data-health'), { timeout: 15_000 }).toBe('ok');
    expect(await strip.textContent()).toContain('Listo');
    await page.getByTestId('status-strip').screenshot({ path: screenshotPath('status-strip-cups.png') });

    const first = await readPdf(await cups.nextPdf(), screenshotPath('acopio-label.png'));
    expect(identifyFromQr(first.scan)).toMatchObject({ ok: true, value: { key: KEY } });
    expect(first.text).toContain(displayActaKey(KEY));
    expect(first.text).not.toContain('REIMPRESIÓN');

    // The supervisor's reprint from the console, with a reason: a second sheet, marked.
    const dialog = await reprintLabelInConsole(
      page,
      station.supervisor,
      '0321',
      'etiqueta dañada al pegarla',
    );
    const second = await readPdf(await cups.nextPdf());
    expect(identifyFromQr(second.scan)).toMatchObject({ ok: true, value: { key: KEY } });
    expect(second.text).toContain('REIMPRESIÓN');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The acta with its label stuck on goes through the (simulated) scanner: identified by QR.
    await scanToVerification(page);
    await page.getByText('El código QR de la imagen confirma la clave del acta.').waitFor();
  }, 90_000);
});
