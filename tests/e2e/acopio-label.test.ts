// The acopio label end to end: `npm start` with a ZPL label printer (the simulated one, on TCP)
// that is out of labels. In Chromium the operator receives an acta by code reader: it is received;
// the strip shows the printer out of labels and the acta's label "not printed" with what to do.
// With the roll back in, "Print label again" prints it, the strip says ready, and the label that
// came out of the printer reads back, through our QR reader at 300 dpi, to the key received.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, login, reprintLabelInConsole, screenshotPath } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { scanQr, identifyFromQr } from '../../electron/capture/identify';
import { ZplPrinterSim } from '../../sim/printers/zpl-printer';
import { formatActaKeyLabel } from '../../shared/acta-key';
import { LABEL_E2E_KEY } from '../helpers/label-key';

const KEY = LABEL_E2E_KEY;

let printer: ZplPrinterSim;
let station: AppProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  printer = new ZplPrinterSim();
  const port = await printer.listen();
  printer.setFaults({ paperOut: true });
  station = await startApp({ config: { devices: { printer: { driver: 'zpl', host: '127.0.0.1', port } } } });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(station.uiUrl);
  await login(page, station.operator);
  await page.getByRole('navigation').waitFor({ timeout: 10_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  await printer?.close();
});

describe('acopio label, end to end', () => {
  it('out of labels: received anyway, shown with what to do; printed on retry and read back', async () => {
    const strip = page.getByTestId('strip-printer');
    await expect.poll(() => strip.getAttribute('data-health'), { timeout: 15_000 }).toBe('warning');
    expect(await strip.textContent()).toContain('Sin etiquetas');

    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    await page.keyboard.type(formatActaKeyLabel(KEY));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('acopio-result').textContent()).toContain('Acta recibida');
    const label = page.getByTestId('label-print');
    await expect.poll(() => label.getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
    expect(await label.textContent()).toContain('La impresora no tiene etiquetas');
    expect(await label.textContent()).toContain('El acta ya quedó recibida');
    expect(printer.printed).toHaveLength(0);

    printer.setFaults({});
    await page.getByRole('button', { name: 'Reimprimir etiqueta' }).click();
    await expect.poll(() => label.getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    await expect.poll(() => strip.getAttribute('data-health'), { timeout: 15_000 }).toBe('ok');
    expect(await strip.textContent()).toContain('Listo');
    await page.getByTestId('status-strip').screenshot({ path: screenshotPath('status-strip-zpl.png') });
    await expect.poll(() => printer.printed.length).toBe(1);

    const png = printer.printed[0]!.png;
    const { data, info } = await sharp(png)
      .resize(Math.round((406 * 300) / 203), 300, { kernel: 'cubic' })
      .extend({ top: 30, bottom: 30, left: 30, right: 30, background: '#ffffff' })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const scan = await scanQr(data, info.width, info.height, { left: 0, top: 0, width: 1, height: 1 });
    expect(identifyFromQr(scan)).toMatchObject({ ok: true, value: { key: KEY } });

    // A second copy: the supervisor's reprint from the console, with a reason, marked REIMPRESIÓN.
    await reprintLabelInConsole(page, station.supervisor, '0321', 'etiqueta dañada al pegarla');
    await expect.poll(() => printer.printed.length, { timeout: 15_000 }).toBe(2);
    expect(printer.printed[1]!.texts).toContain('REIMPRESIÓN');
  }, 60_000);
});
