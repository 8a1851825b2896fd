// The night at a real CATD monitor (issue #19): at 1366×768 — and at 1920×1080 and 1280×1024 —
// each operator screen shows its primary action and its result without scrolling, the navigation
// is one row, and the status strip (scanner, UPS, plant, disk, each link) is in the header on every
// screen. Boxes are measured in Chromium on the real app, walking one acta from acopio to the
// Tablero; a screenshot of each screen at each size goes to test-results/screens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openAsOperator, screenshotPath, type StationBrowser } from '../helpers/browser';
import { hotFolderConfig, startApp, type AppProcess } from '../helpers/app-process';
import { encodePage, renderActaPage } from '../../sim/acta/page';
import { formatActaKeyLabel } from '../../shared/acta-key';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 1280, height: 1024 },
];

let station: AppProcess;
let browser: StationBrowser;
let page: Page;
let folder: string;
/** The lowest bottom edge seen per screen at 1366×768, for the report. */
const lowest: Record<string, number> = {};

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-hotfolder-'));
  station = await startApp({ config: hotFolderConfig(folder) });
  ({ browser, page } = await openAsOperator(station));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
  console.log(`lowest bottom edge at 1366×768: ${JSON.stringify(lowest)}`);
});

/**
 * At each size, with the page at its top (no scrolling): every element is wholly inside the
 * viewport, the navigation is one row, and the status strip shows its tiles.
 */
async function aboveTheFold(screen: string, elements: Record<string, Locator>): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150); // a layout pass after the resize
    await page.screenshot({ path: screenshotPath(`layout-${screen}-${size.width}x${size.height}.png`) });
    const where = `${screen} at ${size.width}×${size.height}`;
    for (const [name, el] of Object.entries(elements)) {
      const box = await el.boundingBox();
      expect(box, `${name} on ${where} is not shown`).not.toBeNull();
      const bottom = Math.round(box!.y + box!.height);
      expect(box!.y, `${name} on ${where} starts above the top`).toBeGreaterThanOrEqual(0);
      expect(bottom, `${name} on ${where} ends below the fold (${size.height})`).toBeLessThanOrEqual(
        size.height,
      );
      expect(box!.x + box!.width, `${name} on ${where} is cut off on the right`).toBeLessThanOrEqual(
        size.width,
      );
      if (size.width === 1366) lowest[screen] = Math.max(lowest[screen] ?? 0, bottom);
    }
    const tops = await page
      .getByRole('navigation')
      .getByRole('button')
      .evaluateAll((bs) => bs.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(new Set(tops).size, `navigation on ${where} wraps: tops ${tops.join(', ')}`).toBe(1);
    const strip = page.getByTestId('status-strip');
    for (const tile of ['scanner', 'ups', 'plant', 'storage', 'link-primary', 'link-backup']) {
      const box = await strip.getByTestId(`strip-${tile}`).boundingBox();
      expect(box && box.y + box.height <= size.height, `${tile} in the strip on ${where}`).toBe(true);
    }
  }
  await page.setViewportSize(SIZES[0]!);
}

describe('the operator screens at a CATD monitor', () => {
  it('keep each step’s action and result above the fold, with the status strip on every screen', async () => {
    const r = await renderActaPage({ seed: 303, colour: 'grey' });
    const label = formatActaKeyLabel(r.key);
    // Inicio names the hot-folder scanner without its (temporary) folder path.
    await expect.poll(() => page.getByTestId('status-scanner').isVisible()).toBe(true);
    expect(await page.locator('main').textContent()).not.toContain(folder);

    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    await page.keyboard.type(label); // the code reader types the label and presses Enter
    await page.keyboard.press('Enter');
    const result = page.getByTestId('acopio-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('Acta recibida');
    await aboveTheFold('acopio', {
      submit: page.getByRole('button', { name: /^Recibir/ }),
      result,
      scanNow: result.getByRole('button', { name: /Escanear ahora|Digitalizar/ }),
    });

    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    fs.writeFileSync(path.join(folder, 'acta-303.png'), await encodePage(r.page, 'png'));
    await page.keyboard.press('F8');
    const outcome = page.getByTestId('scan-outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 30_000 }).toContain('Todas las páginas');
    await aboveTheFold('digitalizacion', {
      toVerify: page.getByRole('button', { name: /Ir a verificación/ }),
      outcome,
      verdict: page.getByTestId('verdict').first().locator('.verdict-word'),
      scannerAdvice: page.getByTestId('scanner-advice'),
    });

    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: 'Verificación' }).waitFor();
    const accept = page.getByRole('button', { name: /F9/ });
    await accept.waitFor();
    await aboveTheFold('verificacion-antes', {
      accept,
      reject: page.getByRole('button', { name: /F7/ }),
      image: page.locator('.image-viewport'),
    });
    await page.keyboard.press('F9');
    const verified = page.getByTestId('verify-result');
    await verified.waitFor({ timeout: 10_000 });
    await aboveTheFold('verificacion', { verified, next: verified.getByRole('button') });

    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Cola de actas' }).waitFor();
    const row = page.locator('table.queue tbody tr').first();
    await row.waitFor({ timeout: 10_000 });
    await aboveTheFold('cola', { search: page.getByLabel('Buscar', { exact: false }).first(), row });

    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { name: 'Tablero' }).waitFor();
    await expect.poll(() => page.getByTestId('bar-received').textContent()).toContain('1');
    await aboveTheFold('tablero', {
      received: page.getByTestId('bar-received'),
      acknowledged: page.getByTestId('bar-acknowledged'),
    });

    // A duplicate key: the longest acopio result (the conflict explained) still fits.
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    await page.keyboard.type(label);
    await page.keyboard.press('Enter');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/conflicto/i);
    await aboveTheFold('acopio-conflicto', {
      submit: page.getByRole('button', { name: /^Recibir/ }),
      result,
    });
  }, 120_000);
});
