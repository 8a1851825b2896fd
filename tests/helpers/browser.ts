// Debian's Chromium driven by playwright-core (a test tool's own browser download cannot work here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CATD_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 768 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: docs/ when refreshing the README's pictures, else test-results/. */
export function screenshotPath(name: string): string {
  const dir = process.env.CATD_UPDATE_SCREENSHOTS ? 'docs/screens' : 'test-results/screens';
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** Types an operator's id and PIN on the login screen and presses Enter, as the operator would. */
export async function login(page: Page, who: { id: string; pin: string }): Promise<void> {
  await page.getByLabel('Clave de operador').fill(who.id);
  await page.getByLabel('PIN').fill(who.pin);
  await page.keyboard.press('Enter');
}

export type StationBrowser = Awaited<ReturnType<typeof launchBrowser>>;

/** Opens the station's one-use UI link in a fresh browser and signs the operator in. */
export async function openAsOperator(station: {
  uiUrl: string;
  operator: { id: string; pin: string };
}): Promise<{ browser: StationBrowser; page: Page }> {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(station.uiUrl);
  await login(page, station.operator);
  await page.getByRole('navigation').waitFor({ timeout: 10_000 });
  return { browser, page };
}

/** At acopio, receives an acta by typing its key twice (no reader), as the screen asks. */
export async function receiveTyped(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Alt+1');
  await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
  // The station remembers its input mode: switch to typing only if it is on the reader.
  if (!(await page.getByLabel('Clave del acta otra vez').isVisible())) await page.keyboard.press('F6');
  await page.getByLabel('Clave del acta', { exact: true }).fill(label);
  await page.getByLabel('Clave del acta otra vez').fill(label);
  await page.keyboard.press('Enter');
  await page.getByTestId('acopio-result').getByText('Acta recibida').waitFor({ timeout: 10_000 });
}

/** Ctrl+Alt+S and the supervisor's id and PIN: the console's tabs show. */
export async function openConsole(page: Page, supervisor: { id: string; pin: string }): Promise<Locator> {
  await page.keyboard.press('Control+Alt+s');
  const dialog = page.getByRole('dialog', { name: 'Consola del supervisor' });
  await dialog.getByLabel('Clave del supervisor').fill(supervisor.id);
  await dialog.getByLabel('PIN del supervisor').fill(supervisor.pin);
  await page.keyboard.press('Enter');
  await dialog.getByRole('tab', { name: 'Actas' }).waitFor({ timeout: 10_000 });
  return dialog;
}

/**
 * The step every console action opens: its own reason typed, then its confirm button pressed.
 * Returns the step (a form named "Confirmar: <action>").
 */
export async function confirmDecision(dialog: Locator, reason: string): Promise<Locator> {
  const step = dialog.getByRole('form', { name: /^Confirmar: / });
  await step.getByLabel('Motivo de esta acción').fill(reason);
  await step.getByRole('button', { name: /^Confirmar: / }).click();
  return step;
}

/**
 * The supervisor at the operator's screen: Ctrl+Alt+S, id and PIN, then the conflict waiting in
 * the Actas panel is resolved with the button `choice` names, confirmed with `reason`.
 */
export async function resolveConflictInConsole(
  page: Page,
  supervisor: { id: string; pin: string },
  reason: string,
  choice: string,
): Promise<Locator> {
  const dialog = await openConsole(page, supervisor);
  const row = dialog.getByRole('row', { name: /conflicto/i });
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  await row.getByRole('button', { name: 'Elegir' }).click();
  await dialog.getByRole('button', { name: choice }).click();
  await confirmDecision(dialog, reason);
  return dialog;
}

/** The supervisor at the operator's screen reprints the label of the acta `search` finds. */
export async function reprintLabelInConsole(
  page: Page,
  supervisor: { id: string; pin: string },
  search: string,
  reason: string,
): Promise<Locator> {
  const dialog = await openConsole(page, supervisor);
  await dialog.getByLabel(/Buscar por clave/).fill(search);
  const row = dialog.getByRole('row', { name: new RegExp(search) });
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  await row.getByRole('button', { name: 'Elegir' }).click();
  await dialog.getByRole('button', { name: 'Reimpresión (supervisor)' }).click();
  await confirmDecision(dialog, reason);
  return dialog;
}

/**
 * With the UPS tile "En línea", an acta is received and its scan started (F8, F8): returns once
 * the first page's verdict shows, the rest of the batch still feeding (a power test's moment).
 */
export async function startScanOnMains(page: Page, label: string): Promise<void> {
  await expect
    .poll(() => page.getByTestId('status-ups').textContent(), { timeout: 15_000 })
    .toContain('En línea');
  await receiveTyped(page, label);
  await page.keyboard.press('F8');
  await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
  await page.keyboard.press('F8');
  await page.getByTestId('verdict').first().waitFor({ timeout: 30_000 });
}

/**
 * Digitalización (F8) of the acta on screen, scanned (F8) until every page is good, then on to
 * Verificación (F9). `feed` puts the sheet in the scanner, when it is not the simulated one.
 */
export async function scanToVerification(page: Page, feed?: () => void): Promise<void> {
  await page.keyboard.press('F8');
  await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
  feed?.();
  await page.keyboard.press('F8');
  await expect
    .poll(() => page.getByTestId('scan-outcome').textContent(), { timeout: 30_000 })
    .toContain('Todas las páginas están bien');
  await page.keyboard.press('F9');
  await page.getByRole('heading', { name: 'Verificación' }).waitFor();
}
