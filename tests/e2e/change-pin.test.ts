// An account whose PIN is shorter than the station now asks (the config raised the operators'
// minimum to 8 after the demo accounts got 6 digits) signs in to a change-PIN screen and nothing
// else: keyboard only, a too-short PIN refused with the minimum named, then the work screens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshotPath, login } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';

let station: AppProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  station = await startApp({ config: { security: { pinMinDigits: { operador: 8 } } } });
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

/** The current PIN, the new one twice, Tab between them and Enter: the keyboard alone. */
async function typePins(current: string, next: string): Promise<void> {
  for (const [i, text] of [current, next, next].entries()) {
    if (i > 0) await page.keyboard.press('Tab');
    await page.keyboard.type(text);
  }
  await page.keyboard.press('Enter');
}

afterAll(async () => {
  await browser?.close();
  await station?.stop();
});

describe('change PIN at sign-in, end to end', () => {
  it('signs in to the change-PIN screen, the only one offered', async () => {
    await page.goto(station.uiUrl);
    await login(page, station.operator);
    const heading = page.getByRole('heading', { name: 'Cambie su PIN' });
    await heading.waitFor({ timeout: 10_000 });
    expect(await page.getByRole('status').textContent()).toContain('8 dígitos o más');
    expect(await page.getByRole('navigation').count()).toBe(0);
    // The current PIN has the focus: the operator types straight away.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(
      'currentPin',
    );
    await page.screenshot({ path: screenshotPath('change-pin.png') });
    // Everything fits a 1366×768 screen without scrolling, the hint under the buttons included.
    const bottom = await page.getByText('Intro guarda').boundingBox();
    expect(bottom!.y + bottom!.height).toBeLessThanOrEqual(768);
  });

  it('refuses a new PIN that is still too short, naming the minimum', async () => {
    await typePins(station.operator.pin, '1234567');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('al menos 8 dígitos');
    await page.screenshot({ path: screenshotPath('change-pin-refused.png') });
    const bottom = await page.getByText('Intro guarda').boundingBox();
    expect(bottom!.y + bottom!.height).toBeLessThanOrEqual(768);
  });

  it('saves an 8-digit PIN and goes on to the work screens', async () => {
    // The fields were cleared and the focus is back on the first one.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(
      'currentPin',
    );
    await typePins(station.operator.pin, '86420975');
    await page.getByRole('navigation').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('heading', { name: 'Cambie su PIN' }).count()).toBe(0);
  });
});
