// Issue #13's scenario by hand, in the browser, against `npm start` (core + reference central):
// an acta is acknowledged; the same key arrives again (en conflicto); the supervisor chooses
// "Reemplazar la existente con esta" in the console; the operator scans and verifies the new
// record. It must be acknowledged within seconds and Cola must say so: the bug this replaces left
// the replacement "En cola" for ever with nothing on any screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  login,
  resolveConflictInConsole,
  scanToVerification,
  screenshotPath,
} from '../helpers/browser';
import { hotFolderConfig, startApp, type AppProcess } from '../helpers/app-process';
import { encodePage, renderActaPage } from '../../sim/acta/page';
import { actaKeyId, formatActaKeyLabel } from '../../shared/acta-key';

let station: AppProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let folder: string;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-hotfolder-'));
  station = await startApp({ config: hotFolderConfig(folder) });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(station.uiUrl);
  await login(page, station.operator);
  await page.getByRole('button', { name: 'Cerrar sesión' }).waitFor({ timeout: 10_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Scan (the sheet dropped in the hot folder) and verify the acta on screen now. */
async function scanAndVerify(png: Buffer, name: string): Promise<void> {
  await scanToVerification(page, () => fs.writeFileSync(path.join(folder, name), png));
  await page.keyboard.press('+');
  await page.keyboard.press('F9');
  await expect
    .poll(() => page.getByTestId('verify-result').textContent())
    .toMatch(/En cola|Transmitida|Acuse/);
}

describe('replacing an acknowledged acta', () => {
  it('the replacement is acknowledged within seconds, and Cola and the console show it', async () => {
    const r = await renderActaPage({ seed: 131, colour: 'grey' });
    const label = formatActaKeyLabel(r.key);
    const png = await encodePage(r.page, 'png');
    const row = (record: number) =>
      page.locator(`[data-testid="queue-row-${actaKeyId(r.key)}"][data-record="${record}"]`);

    await page.keyboard.press('Alt+1');
    await page.keyboard.type(label);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('acopio-result').textContent()).toContain('Acta recibida');
    await scanAndVerify(png, 'acta-131.png');
    await page.keyboard.press('Alt+4');
    await expect.poll(() => row(1).textContent(), { timeout: 30_000 }).toContain('Acuse recibido');

    // The same acta arrives again.
    await page.keyboard.press('Alt+1');
    await page.keyboard.type(label);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('acopio-result').textContent()).toContain('EN CONFLICTO');

    // The supervisor replaces the existing record with this one.
    const dialog = await resolveConflictInConsole(
      page,
      station.supervisor,
      'la primera imagen salió con el sello encima',
      'Reemplazar la existente con esta',
    );
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Recibida');
    await page.screenshot({ path: screenshotPath('consola-reemplazo.png') });
    await dialog.getByRole('button', { name: 'Cancelar (Esc)' }).click();

    // The operator opens the new record from Cola, scans and verifies it.
    await page.keyboard.press('Alt+4');
    await expect.poll(() => row(2).count(), { timeout: 10_000 }).toBe(1);
    expect(await row(2).textContent()).toContain('registro 2 (reemplazo)');
    // The console read the new record while it was en conflicto, and that copy is still in the
    // page's cache. Opening it, Digitalización must wait for the acta as it is now, not show the
    // old state (an F8 pressed on it was lost): its fetch is held here until the screen is seen.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const passed: Promise<void>[] = [];
    await page.route(/actas\.get/, (route) => {
      const p = held.then(() => route.continue());
      passed.push(p);
      return p;
    });
    await row(2).click();
    await page.locator('p.center', { hasText: 'Verificando…' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.acta-line').count()).toBe(0);
    release();
    await Promise.all(passed);
    await page.unroute(/actas\.get/);
    await page.locator('.acta-line').waitFor({ timeout: 10_000 });
    expect(await page.locator('.acta-line').textContent()).toContain('Recibida');
    await scanAndVerify(png, 'acta-131-otra-vez.png');

    const t0 = Date.now();
    await page.keyboard.press('Alt+4');
    await expect.poll(() => row(2).textContent(), { timeout: 30_000 }).toContain('Acuse recibido');
    console.log(`replacement acknowledged ${Date.now() - t0} ms after verification`);
    expect(await row(1).textContent()).toContain('Acuse recibido');
    expect(await row(1).textContent()).toContain('reemplazada por el registro 2');
    await page.screenshot({ path: screenshotPath('cola-reemplazo.png') });

    // Tablero raises no transmission alarm: nothing is stuck.
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { name: 'Tablero' }).waitFor();
    // One casilla, acknowledged: its two records do not count twice.
    await expect
      .poll(() => page.getByTestId('bar-acknowledged').locator('.bar-value').textContent())
      .toBe('1');
    expect(await page.getByTestId('bar-received').locator('.bar-value').textContent()).toBe('1');
    expect(await page.getByTestId('transmission-alarms').count()).toBe(0);
  }, 150_000);
});
