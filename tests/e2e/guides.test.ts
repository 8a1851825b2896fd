// The Spanish guides as the console prints them: the core serves each as a page, Chromium prints
// it to PDF (Letter), pdftoppm renders the pages to PNG (test-results/guias/, to look at). The
// operator's quick guide must fit on one sheet beside the monitor.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, login } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';

const OUT = 'test-results/guias';
let station: AppProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  station = await startApp();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(station.uiUrl); // the launch link: the session cookie the guides need
});
afterAll(async () => {
  await browser?.close();
  await station?.stop();
});

/** Prints /guias/NAME to PDF and renders it to PNGs; the number of pages. */
async function printGuide(name: string): Promise<number> {
  const res = await page.goto(new URL(`/guias/${name}`, station.uiUrl).href);
  expect(res?.status()).toBe(200);
  const pdf = path.join(OUT, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'Letter', printBackground: true, preferCSSPageSize: true });
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, path.join(OUT, name)]);
  return fs.readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).length;
}

it('the operator quick guide prints on one page, with the keys and what to do', async () => {
  expect(await printGuide('operador')).toBe(1);
  await expect.poll(() => page.locator('h1').textContent()).toBe('Guía rápida del operador');
  for (const key of ['F6', 'F7', 'F8', 'F9', 'Ctrl+Alt+S'])
    expect(await page.locator('td code', { hasText: key }).count()).toBeGreaterThan(0);
  for (const topic of ['Página rechazada', 'Conflicto', 'Batería', 'Enlace caído'])
    expect(await page.locator('li strong', { hasText: topic }).count()).toBe(1);
  // The style arrived (the CSP allows no inline style): tables have borders.
  expect(
    await page
      .locator('td')
      .first()
      .evaluate((td) => getComputedStyle(td).borderTopStyle),
  ).toBe('solid');
});

it('the technician and auditor guides print, with their commands', async () => {
  expect(await printGuide('tecnico')).toBeGreaterThanOrEqual(1);
  expect(await page.locator('pre code').first().textContent()).toContain('catd doctor');
  expect(await printGuide('auditor')).toBeGreaterThanOrEqual(1);
  expect(await page.locator('pre code').first().textContent()).toContain('catd audit verify');
});

it('only the guides are served under /guias/', async () => {
  const res = await page.goto(new URL('/guias/..%2Fconfig', station.uiUrl).href);
  expect(res?.status()).toBe(404);
});

it('the supervisor prints a guide from the console: the printout is the guide alone', async () => {
  await page.goto(new URL('/', station.uiUrl).href); // the launch link is for one use: the cookie stays
  await login(page, station.operator);
  await expect.poll(() => page.getByTestId('status-scanner').isVisible(), { timeout: 10_000 }).toBe(true);
  await page.keyboard.press('Control+Alt+s');
  const dialog = page.getByRole('dialog', { name: 'Consola del supervisor' });
  await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
  await dialog.getByLabel('Clave del supervisor').fill(station.supervisor.id);
  await dialog.getByLabel('PIN del supervisor').fill(station.supervisor.pin);
  await page.keyboard.press('Enter');
  await dialog.getByRole('tab', { name: 'Guías' }).click();
  await expect
    .poll(() => dialog.getByTestId('guide').locator('h1').textContent())
    .toBe('Guía rápida del operador');
  await dialog.getByRole('button', { name: 'Guía del técnico' }).click();
  await expect
    .poll(() => dialog.getByTestId('guide').locator('h1').textContent())
    .toContain('Guía del técnico');
  await dialog.getByRole('button', { name: 'Guía rápida del operador' }).click();
  await expect.poll(() => dialog.getByRole('button', { name: 'Imprimir la guía' }).isEnabled()).toBe(true);
  // What "Imprimir" sends to the printer: the page in print media, which shows only the guide.
  const pdf = path.join(OUT, 'consola-operador.pdf');
  await page.pdf({ path: pdf, format: 'Letter', printBackground: true, preferCSSPageSize: true });
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, path.join(OUT, 'consola-operador')]);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('Guía rápida del operador');
  expect(text).not.toContain('Consola del supervisor');
  expect(fs.readdirSync(OUT).filter((f) => f.startsWith('consola-operador-'))).toHaveLength(1);
  // At full size: the title as tall as on the guide's own printout (it came out at about 65 %).
  const full = titleHeight(path.join(OUT, 'operador.pdf'));
  const fromConsole = titleHeight(pdf);
  expect(fromConsole / full).toBeGreaterThan(0.97);
  expect(fromConsole / full).toBeLessThan(1.03);
});

/** Height in points of the first word of the printout's title, as pdftotext places it. */
function titleHeight(pdf: string): number {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
  const m = /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Guía<\/word>/.exec(html);
  expect(m, 'the title "Guía…" on page 1').not.toBeNull();
  return Number(m![2]) - Number(m![1]);
}
