// Scanning at the desk, with the simulated feeder's 3-sheet acta and a slow transport: the screen
// says which page of how many is where, the scanner's state comes with what to do, and F10 or Esc
// stops the feeder — the acta stays Recibida with no page shown as its own, and F8 scans it again.
// Also F8 where the screens promise it: on an acta outside the catalogue at acopio, and in the
// queue; and after an F7 reject the scan screen gives the reason beside the page, not "bien".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAsOperator, receiveTyped, screenshotPath, type StationBrowser } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';
import { RPC_BASE_PATH } from '../../shared/rpc';

let station: AppProcess;
let browser: StationBrowser;
let page: Page;

const key = (seccion: string, election = 'PRES'): ActaKey => ({
  year: 2024,
  election,
  entidad: '09',
  distrito: '05',
  seccion,
  casillaType: 'B',
  casillaNumber: 1,
});

beforeAll(async () => {
  station = await startApp({
    config: {
      devices: { scanner: { driver: 'simulated', defectRate: 0, pageDelayMs: 1_500, sheetsPerActa: 3 } },
    },
  });
  ({ browser, page } = await openAsOperator(station));
  await page.setViewportSize({ width: 1366, height: 768 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await station?.stop();
});

/** Fully inside the 1366×768 viewport with the page at its top. */
async function aboveTheFold(testId: string): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box, `${testId} shown`).not.toBeNull();
  expect(box!.y + box!.height, `${testId} above the fold`).toBeLessThanOrEqual(768);
}

describe('scanning with progress and cancel', () => {
  it('says "Página n de 3", shows the scanner’s advice, and F10 / Esc stop the feeder', async () => {
    await receiveTyped(page, formatActaKeyLabel(key('0421')));
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    const advice = page.getByTestId('scanner-advice');
    await expect.poll(() => advice.textContent()).toContain('Coloque las actas boca abajo');

    await page.keyboard.press('F8');
    const progress = page.getByTestId('scan-progress');
    await expect.poll(() => progress.textContent(), { timeout: 20_000 }).toMatch(/Página 1 de 3/);
    await expect.poll(() => advice.textContent()).toContain('no retire las hojas');
    await aboveTheFold('scan-progress');
    await expect
      .poll(() => progress.textContent(), { timeout: 20_000 })
      .toMatch(/página 2 de 3|Página 2 de 3/);
    await page.screenshot({ path: screenshotPath('scan-progress.png') });
    await page.keyboard.press('Escape');
    const outcome = page.getByTestId('scan-outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 20_000 }).toContain('Escaneo cancelado');
    await aboveTheFold('scan-outcome');
    expect(await page.locator('.acta-line').textContent()).toContain('Recibida');
    expect(await page.getByTestId('verdict').count()).toBe(0);
    await expect.poll(() => advice.textContent()).toContain('Coloque las actas');

    // Again, cancelled with F10 before the first sheet is through.
    await page.keyboard.press('F8');
    await expect.poll(() => progress.textContent(), { timeout: 10_000 }).toMatch(/página 1/i);
    await page.keyboard.press('F10');
    await expect.poll(() => outcome.textContent(), { timeout: 20_000 }).toContain('Escaneo cancelado');
    expect(await page.locator('.acta-line').textContent()).toContain('Recibida');

    // And a full scan goes through after the cancels: three pages, all shown.
    await page.keyboard.press('F8');
    await expect.poll(() => outcome.textContent(), { timeout: 60_000 }).toContain('Todas las páginas');
    expect(await page.getByTestId('verdict').count()).toBe(3);
    await expect.poll(() => advice.textContent()).toContain('Coloque las actas');
  }, 150_000);

  it('after an F7 reject, the scan screen gives the reason beside each page and F8 rescans', async () => {
    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: 'Verificación' }).waitFor();
    await page.getByRole('button', { name: /F7/ }).waitFor();
    await page.keyboard.press('F7');
    await page.getByLabel('Motivo').fill('la hoja 2 está doblada');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toContain('Rechazada');
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    await expect
      .poll(() => page.getByTestId('rejected-at-verify').textContent())
      .toContain('la hoja 2 está doblada');
    const verdicts = page.getByTestId('verdict');
    await expect.poll(() => verdicts.count()).toBe(3);
    for (const text of await verdicts.allTextContents()) {
      expect(text).not.toContain(': bien');
      expect(text).toContain('rechazada en la verificación');
      expect(text).toContain('la hoja 2 está doblada');
    }
    await page.screenshot({ path: screenshotPath('scan-rejected-at-verify.png') });
  }, 60_000);

  it('offers F8 on an acta outside the catalogue at acopio, and on a row of the queue', async () => {
    // The supervisor's catalogue (through the same RPC the console uses) holds only sección 0421.
    const rpc = (path: string, input: unknown) =>
      page.evaluate(
        async ([url, body]) =>
          (await fetch(url!, { method: 'POST', body, headers: { 'content-type': 'application/json' } }))
            .status,
        [`${RPC_BASE_PATH}/${path}`, JSON.stringify(input)] as const,
      );
    const { id, pin } = station.supervisor;
    expect(await rpc('session.elevate', { supervisorId: id, pin })).toBe(200);
    expect(
      await rpc('supervisor.catalogue.load', {
        csv: 'entidad,distrito,seccion,tipo,numero\n09,05,0421,B,1\n09,05,0422,B,1\n',
        reason: 'catálogo del simulacro',
      }),
    ).toBe(200);

    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    if (!(await page.getByLabel('Clave del acta otra vez').isVisible())) await page.keyboard.press('F6');
    const outside = formatActaKeyLabel(key('0777'));
    await page.getByLabel('Clave del acta', { exact: true }).fill(outside);
    await page.getByLabel('Clave del acta otra vez').fill(outside);
    await page.keyboard.press('Enter');
    const result = page.getByTestId('acopio-result');
    await expect.poll(() => result.textContent()).toContain('fuera de catálogo');
    expect(await result.getByRole('button', { name: /F8/ }).isVisible()).toBe(true);
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    expect(await page.locator('.acta-line').textContent()).toContain('0777');

    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Cola de actas' }).waitFor();
    const row = page.locator('table.queue tbody tr', { hasText: '0777' });
    await row.focus();
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    expect(await page.locator('.acta-line').textContent()).toContain('0777');
    // The F8 that opened it does not also start a scan: the operator loads the sheets first.
    await page.waitForTimeout(1_000);
    expect(await page.getByTestId('scan-progress').count()).toBe(0);
    expect(await page.getByTestId('scanner-advice').textContent()).toContain('Coloque las actas');

    // The Tablero counts casillas of the catalogue (0421 received, 0777 apart) and names 0422.
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { name: 'Tablero' }).waitFor();
    await expect.poll(() => page.getByTestId('bar-received').textContent()).toContain('1 / 2');
    const missing = page.getByTestId('dashboard-missing');
    await expect.poll(() => missing.textContent()).toContain('09-05 · 0422 B1');
    expect(await missing.textContent()).toContain('Falta 1 casilla');
    expect(await missing.textContent()).not.toContain('0421');
    await aboveTheFold('dashboard-missing');
    await page.screenshot({ path: screenshotPath('tablero-faltantes.png') });
  }, 60_000);

  it('prints the night report (the supervisor’s elevation from above) and exports it as CSV', async () => {
    const out = 'test-results/informe';
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const csv = await page.evaluate(async () => {
      const r = await fetch('/informe.csv');
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    });
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text).toContain(`${station.operator.id},2,`); // two actas received by the operator
    expect(csv.text).toContain('Verificación (F7),la hoja 2 está doblada,1');

    // On screen: the console's Informe tab shows the same page, its bars drawn.
    await page.keyboard.press('Control+Alt+s');
    const dialog = page.getByRole('dialog', { name: 'Consola del supervisor' });
    await dialog.getByLabel('Clave del supervisor').fill(station.supervisor.id);
    await dialog.getByLabel('PIN del supervisor').fill(station.supervisor.pin);
    await page.keyboard.press('Enter');
    await dialog.getByRole('tab', { name: 'Informe' }).click();
    const shown = dialog.getByTestId('night-report');
    await expect
      .poll(() => shown.locator('h1').textContent(), { timeout: 10_000 })
      .toBe('Informe de la noche');
    expect(await shown.locator('svg.bar').count()).toBeGreaterThan(1);
    expect(await shown.textContent()).toContain('la hoja 2 está doblada');
    await page.screenshot({ path: screenshotPath('console-informe.png') });

    const res = await page.goto(new URL('/informe', station.uiUrl).href);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Informe de la noche');
    expect(await page.locator('table.chart svg.bar').count()).toBeGreaterThan(1);
    const pdf = path.join(out, 'informe.pdf');
    await page.pdf({ path: pdf, format: 'Letter', printBackground: true, preferCSSPageSize: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', pdf, path.join(out, 'informe')]);
    const pages = fs.readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(pages.length).toBe(1);
  }, 60_000);
});
