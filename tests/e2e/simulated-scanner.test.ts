// `npm start` as it comes: the simulated scanner feeds the acta just received (its QR carries that
// key), the gate judges it, and the simulated central acknowledges it. With every sheet defective,
// the operator sees the rejection with what to do.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAsOperator, receiveTyped, screenshotPath, type StationBrowser } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { actaKeyId, formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';

let station: AppProcess | undefined;
let browser: StationBrowser | undefined;
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
  const opened = await openAsOperator(station);
  browser = opened.browser;
  return opened.page;
}

async function receiveAndScan(page: Page) {
  await receiveTyped(page, formatActaKeyLabel(KEY));
  await page.keyboard.press('F8');
  await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
  await page.keyboard.press('F8');
  await page.getByTestId('verdict').first().waitFor({ timeout: 30_000 });
}

describe('the simulated scanner of npm start', () => {
  it('scans the acta just received, and it goes through to the central’s receipt', async () => {
    const page = await open(0);
    await receiveAndScan(page);
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
    await receiveAndScan(page);
    const verdict = await page.getByTestId('verdict').first().textContent();
    expect(verdict).not.toContain('Página 1: bien');
    expect(verdict).toMatch(/—|vuelva a escanear|escanee/i);
    await page.screenshot({ path: screenshotPath('scan-rejected.png') });
  }, 90_000);
});
