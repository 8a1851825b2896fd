// What a page in the workstation window can and cannot do, checked in a real Chromium against the
// real core: no Node, no other origin, no inline script; and a PIN guesser is stopped with a
// visible countdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshotPath, login } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { MAX_FAILED_LOGINS } from '../../electron/security/operators';
import { INTAKE_HEALTH_PATH } from '../../shared/intake';

let station: AppProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let intakeUrl: string;

beforeAll(async () => {
  station = await startApp();
  // npm start ran the simulated intake: another origin on loopback the page must not reach.
  intakeUrl = (await station.app.waitForLine(/^Servidor de acopio simulado: (\S+)/, 5_000))[1]!;
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(station.uiUrl);
  await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await station?.stop();
});

describe('renderer isolation', () => {
  it('has no Node in the page', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      module: typeof (globalThis as Record<string, unknown>).module,
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  it('cannot reach any origin but the core', async () => {
    const outcome = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'reached';
      } catch {
        return 'blocked';
      }
    }, `${intakeUrl}${INTAKE_HEALTH_PATH}`);
    expect(outcome).toBe('blocked');
    // The same request from outside the page works: it is the CSP that stopped it.
    expect((await fetch(`${intakeUrl}${INTAKE_HEALTH_PATH}`)).status).toBe(200);
  });

  it('does not run injected inline script', async () => {
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
  });

  it('is served by the core with only external scripts and a strict CSP header', async () => {
    const res = await page.request.get(new URL('/', station.uiUrl).href);
    expect(res.status()).toBe(200);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="/);
      expect(body!.trim()).toBe('');
    }
  });
});

describe('PIN guessing', () => {
  it(`locks the account after ${MAX_FAILED_LOGINS} wrong PINs and shows a countdown`, async () => {
    const wrong = station.supervisor.pin === '000000' ? '111111' : '000000';
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await page.getByLabel('Clave de operador').fill(station.supervisor.id);
      await page.getByLabel('PIN').fill(wrong);
      await page.keyboard.press('Enter');
      // The screen clears the PIN when the core's answer arrives: then the next guess can go.
      await expect.poll(() => page.getByLabel('PIN').inputValue()).toBe('');
      await expect.poll(() => page.getByRole('button', { name: 'Entrar' }).isEnabled()).toBe(true);
    }
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/bloqueada.*en [45] min \d\d s/);
    const first = await page.getByRole('alert').textContent();
    await page.waitForTimeout(1500);
    expect(await page.getByRole('alert').textContent()).not.toBe(first); // it counts down
    await page.screenshot({ path: screenshotPath('lockout.png') });

    // Even the right PIN is refused while locked.
    await login(page, station.supervisor);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/bloqueada/);
    expect(await page.getByRole('heading', { name: 'Iniciar sesión' }).isVisible()).toBe(true);
  });
});
