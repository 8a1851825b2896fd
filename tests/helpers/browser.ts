// Debian's Chromium driven by playwright-core (a test tool's own browser download cannot work here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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
