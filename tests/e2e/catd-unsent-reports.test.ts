// Issue #18, acopio reports waiting for the central, on screen: one real central and one real
// station core of CATD 01-09, its Tablero in Chromium. With the central gone, the station's
// acopios go on and each leaves a report owed to the central; the Tablero's CATD panel says how
// many wait ("3 avisos de acopio sin enviar a la central"), since until they arrive the other
// stations cannot know of those actas. When the central is back the reports go out by themselves,
// the notice goes away, and the central counts the station's three acopios.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/app/core';
import { startIntakeServer, type IntakeServer } from '../../central/server';
import { AUTH_PATH } from '../../shared/rpc';
import { openAsOperator, screenshotPath, type StationBrowser } from '../helpers/browser';
import { K1, K2, K3, receiveTyped, startCatdStation } from '../helpers/catd-stations';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-e2e-unsent-'));
const centralDir = path.join(tmp, 'central');
let intake: IntakeServer;
let port = 0;
let core: Core;
let browser: StationBrowser;
let page: Page;

async function startCentral(): Promise<void> {
  intake = await startIntakeServer({ ports: [port], dataDir: centralDir });
  port = Number(new URL(intake.urls[0]!).port);
}

beforeAll(async () => {
  await startCentral();
  core = await startCatdStation(path.join(tmp, 'station-2'), 2, {
    url: intake.urls[0]!,
    dataDir: centralDir,
  });
  const op = core.demoAccounts!.find((a) => a.role === 'operador')!;
  ({ browser, page } = await openAsOperator({
    uiUrl: `${core.origin}${AUTH_PATH}?token=${core.mintLaunchToken()}`,
    operator: op,
  }));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await core?.stop();
  await intake?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('acopio reports waiting for the central', () => {
  const notice = () => page.getByTestId('catd-unsent-reports');

  it('shows on the Tablero how many acopio reports wait while the central is gone', async () => {
    await intake.close();
    for (const key of [K1, K2, K3]) {
      expect(await receiveTyped(core, key)).toMatchObject({ outcome: 'received', catdOnline: false });
    }
    await page.keyboard.press('Alt+5');
    await page.getByTestId('catd-panel').waitFor({ timeout: 10_000 });
    await expect.poll(() => notice().count(), { timeout: 15_000 }).toBe(1);
    expect(await notice().textContent()).toContain('3 avisos de acopio sin enviar a la central');
    expect(await page.getByTestId('catd-source').textContent()).toMatch(/se cuenta solo esta estación/);
    await page.screenshot({ path: screenshotPath('catd-unsent-reports.png') });
  });

  it('goes away once the reports reach the central, which counts them', async () => {
    await startCentral();
    await expect.poll(() => notice().count(), { timeout: 30_000, interval: 500 }).toBe(0);
    await expect
      .poll(() => page.getByTestId('catd-source').textContent(), { timeout: 15_000 })
      .toMatch(/Todas las estaciones/);
    expect(await page.getByTestId('catd-stations').textContent()).toContain('Estación 2: 3');
    expect(core.services.workflow.acopioReports.pendingCount()).toBe(0);
  });
});
