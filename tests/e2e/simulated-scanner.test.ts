// `npm start` as it comes: the simulated scanner feeds the acta just received (its QR carries that
// key), the gate judges it, and the simulated central acknowledges it. With every sheet defective,
// the operator sees the rejection with what to do.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshotPath, login } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { actaKeyId, formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';

let station: AppProcess | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
afterEach(async () => {
  await browser?.close();
  await station?.stop();
  browser = undefined;
  station = undefined;
});

const KEY: ActaKey = {
  year: 2024,
  election: 'DIP',
  entidad: '09',
  distrito: '05',
  seccion: '0321',
  casillaType: 'C',
  casillaNumber: 2,
};

async function open(defectRate: number): Promise<Page> {
  station = await startApp({
    config: { devices: { scanner: { driver: 'simulated', defectRate, pageDelayMs: 50 } } },
  });
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(station.uiUrl);
  await login(page, station.operator);
  await page.getByRole('navigation').waitFor({ timeout: 10_000 });
  return page;
}

async function receiveTyped(page: Page) {
  await page.keyboard.press('Alt+1');
  await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
  await page.keyboard.press('F6');
  await page.getByLabel('Clave del acta', { exact: true }).fill(formatActaKeyLabel(KEY));
  await page.getByLabel('Clave del acta otra vez').fill(formatActaKeyLabel(KEY));
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('acopio-result').textContent()).toContain('Acta recibida');
  await page.keyboard.press('F8');
  await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
  await page.keyboard.press('F8');
  await page.getByTestId('verdict').first().waitFor({ timeout: 30_000 });
}

describe('the simulated scanner of npm start', () => {
  it('scans the acta just received, and it goes through to the central’s receipt', async () => {
    const page = await open(0);
    await receiveTyped(page);
    await expect
      .poll(() => page.getByTestId('scan-outcome').textContent(), { timeout: 20_000 })
      .toContain('Todas las páginas están bien');
    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: 'Verificación' }).waitFor();
    await page.keyboard.press('F9');
    await page.keyboard.press('Alt+4');
    const row = page.getByTestId(`queue-row-${actaKeyId(KEY)}`);
    await expect
      .poll(() => row.textContent(), { timeout: 30_000, interval: 500 })
      .toContain('Acuse recibido');
  }, 90_000);

  it('shows a defective sheet rejected, with what to do', async () => {
    const page = await open(1);
    await receiveTyped(page);
    const verdict = await page.getByTestId('verdict').first().textContent();
    expect(verdict).not.toContain('Página 1: bien');
    expect(verdict).toMatch(/—|vuelva a escanear|escanee/i);
    await page.screenshot({ path: screenshotPath('scan-rejected.png') });
  }, 90_000);
});
