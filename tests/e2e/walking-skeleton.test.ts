// The walking skeleton as a newcomer meets it: the README's start command in web mode, the UI
// line, the Spanish login, the live status bar, a link going down, and the door closed to
// requests without a session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { confirmDecision, launchBrowser, screenshotPath } from '../helpers/browser';
import { run, type Running } from '../helpers/processes';
import { startApp, type AppProcess } from '../helpers/app-process';

let intake: Running;
let app: Running;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let uiUrl: string;
let secondsToUi: number;
let operator: { id: string; pin: string };
let supervisor: { id: string; pin: string };
let station: AppProcess;

beforeAll(async () => {
  // The central intake as its own process, so the test can take the link down like a real outage.
  intake = run(process.execPath, ['bin/catd.mjs', 'central', '--port', '0', '--port', '0']);
  await intake.waitForLine(/^Intake: /, 20_000);
  // Both listening URLs are printed together, one line each.
  while (intake.output.filter((l) => l.startsWith('Intake: ')).length < 2)
    await new Promise((r) => setTimeout(r, 20));
  const urls = intake.output.filter((l) => l.startsWith('Intake: ')).map((l) => l.slice('Intake: '.length));
  station = await startApp({
    config: {
      links: [
        { name: 'primario', role: 'primary', priority: 1, url: urls[0] },
        { name: 'respaldo', role: 'backup', priority: 2, url: urls[1] },
      ],
    },
  });
  ({ app, uiUrl, secondsToUi, operator, supervisor } = station);

  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  await intake?.stop();
});

describe('walking skeleton, end to end', () => {
  it('prints exactly one UI: line within 30 s', () => {
    expect(app.output.filter((l) => l.startsWith('UI: '))).toHaveLength(1);
    expect(secondsToUi).toBeLessThan(30);
  });

  it('shows the Spanish login', async () => {
    await page.goto(uiUrl);
    await expect.poll(() => page.getByRole('heading', { name: 'Iniciar sesión' }).isVisible()).toBe(true);
    expect(new URL(page.url()).search).toBe(''); // the token does not stay in the address bar
    await page.screenshot({ path: screenshotPath('login.png') });
  });

  it('explains a wrong PIN in Spanish', async () => {
    await page.getByLabel('Clave de operador').fill(operator.id);
    await page.getByLabel('PIN').fill(operator.pin === '000000' ? '111111' : '000000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Clave o PIN incorrectos');
  });

  it('logs in by keyboard and shows the five statuses, live', async () => {
    await page.getByLabel('PIN').fill(operator.pin);
    await page.keyboard.press('Enter');
    const tiles = ['scanner', 'ups', 'plant', 'link-primary', 'link-backup'];
    for (const id of tiles) {
      await expect.poll(() => page.getByTestId(`status-${id}`).isVisible(), { timeout: 10_000 }).toBe(true);
    }
    await expect.poll(() => page.getByTestId('status-scanner').textContent()).toContain('Listo');
    await expect.poll(() => page.getByTestId('status-ups').textContent()).toContain('En línea');
    await expect.poll(() => page.getByTestId('status-plant').textContent()).toContain('En espera');
    await expect
      .poll(() => page.getByTestId('status-link-primary').textContent(), { timeout: 10_000 })
      .toContain('Conectado');
    await expect
      .poll(() => page.getByTestId('status-link-backup').textContent(), { timeout: 10_000 })
      .toContain('Conectado');
    // Readable from a metre away: the state word is large.
    const size = await page
      .getByTestId('status-link-primary')
      .locator('.tile-word')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(28);
    await page.screenshot({ path: screenshotPath('home-status.png') });
  });

  it('shows the primary link "Sin conexión" within 10 s of the intake stopping', async () => {
    const stoppedAt = performance.now();
    await intake.stop();
    await expect
      .poll(() => page.getByTestId('status-link-primary').textContent(), { timeout: 10_000, interval: 250 })
      .toContain('Sin conexión');
    expect(performance.now() - stoppedAt).toBeLessThan(10_000);
    expect(await page.getByTestId('status-link-primary').getAttribute('data-health')).toBe('offline');
    await page.screenshot({ path: screenshotPath('link-down.png') });
  });

  it('switches to English with Alt+I', async () => {
    await page.keyboard.press('Alt+i');
    await expect.poll(() => page.getByTestId('status-link-primary').textContent()).toContain('Offline');
    await page.keyboard.press('Alt+i');
    await expect.poll(() => page.getByTestId('status-link-primary').textContent()).toContain('Sin conexión');
  });

  it('refuses a request without the session cookie', async () => {
    const origin = new URL(uiUrl).origin;
    const res = await fetch(`${origin}/trpc/status.snapshot`);
    expect(res.status).toBe(401);
    const body = await res.text();
    expect(body).not.toContain('scanner');
  });

  it('leaves the kiosk only with a supervisor PIN and a reason (Ctrl+Alt+S)', async () => {
    await page.keyboard.press('Control+Alt+s');
    const dialog = page.getByRole('dialog', { name: 'Consola del supervisor' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Clave del supervisor').fill(supervisor.id);
    await dialog.getByLabel('PIN del supervisor').fill(supervisor.pin);
    await page.keyboard.press('Enter');
    await page.screenshot({ path: screenshotPath('supervisor-console.png') });
    // The way out is in its own tab, behind a confirmation with its own reason.
    await dialog.getByRole('tab', { name: 'Estación' }).click();
    await dialog.getByRole('button', { name: 'Salir del modo kiosco' }).click();
    const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
    await confirmDecision(dialog, 'fin del simulacro');
    expect(await exited).toBe(42);
  });
});
