// The power scenario end to end: the UPS (a real Megatec simulator on a socat pty) goes
// from online to battery low while an acta is being scanned. The page being written is finished
// and kept, no more sheets are fed, new scans are refused with the reason, the acta is intact;
// when mains return the operator scans again and the acta goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAsOperator, screenshotPath, startScanOnMains, type StationBrowser } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { startPtyPair, type PtyPair } from '../helpers/pty';
import { MegatecSimulator } from '../../sim/ups/megatec';
import { formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';

const KEY: ActaKey = {
  year: 2024,
  election: 'SEN',
  entidad: '15',
  distrito: '22',
  seccion: '4410',
  casillaType: 'B',
  casillaNumber: 1,
};

let pty: PtyPair;
let ups: MegatecSimulator;
let station: AppProcess;
let browser: StationBrowser;
let page: Page;

beforeAll(async () => {
  pty = await startPtyPair();
  ups = new MegatecSimulator({ path: pty.b });
  await ups.start();
  station = await startApp({
    config: {
      devices: {
        ups: { driver: 'megatec', path: pty.a, pollIntervalMs: 300 },
        // A four-sheet acta fed slowly, so the power fails while the batch is running.
        scanner: { driver: 'simulated', defectRate: 0, sheetsPerActa: 4, pageDelayMs: 1_500 },
      },
    },
  });
  ({ browser, page } = await openAsOperator(station));
});

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  await ups?.stop();
  await pty?.dispose();
});

const outcome = () => page.getByTestId('scan-outcome').textContent();

describe('battery low while an acta is being scanned', () => {
  it('finishes the page being written, stops feeding, and keeps the acta intact', async () => {
    await startScanOnMains(page, formatActaKeyLabel(KEY));
    ups.setCondition('low_battery');
    await expect
      .poll(outcome, { timeout: 30_000 })
      .toContain('Escaneo detenido: la batería está casi agotada');
    const kept = await page.getByTestId('verdict').count();
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(4); // the feeder stopped before the last sheet
    expect(await page.locator('.acta-line').textContent()).toContain('Recibida');
    await expect.poll(() => page.getByTestId('power-banner').getAttribute('data-level')).toBe('critical');
    await page.screenshot({ path: screenshotPath('power-scan-paused.png') });
  }, 90_000);

  it('refuses a new scan while critical, with the reason', async () => {
    await page.keyboard.press('F8');
    await expect
      .poll(() => page.getByText('No se puede iniciar un escaneo: la batería está casi agotada').isVisible())
      .toBe(true);
    expect(await page.locator('.acta-line').textContent()).toContain('Recibida');
  });

  it('on mains the operator scans again and the acta goes through', async () => {
    ups.setCondition('mains');
    await expect.poll(() => page.getByTestId('power-banner').count(), { timeout: 15_000 }).toBe(0);
    await page.keyboard.press('F8');
    await expect.poll(outcome, { timeout: 60_000 }).toContain('Todas las páginas están bien');
    expect(await page.getByTestId('verdict').count()).toBe(4);
  }, 90_000);
});
