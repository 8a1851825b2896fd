// The first-hour lesson in Chromium: a training-only station (its own data folder, the lesson's
// scenario feeding the simulated scanner). Every screen carries the CAPACITACIÓN banner and the
// training colour; a trainee works part of the lesson (a good acta, a folded sheet caught, a
// blurred sheet let through on purpose), and the trainer's report page shows exactly those numbers.
// The trainee's steps go over the renderer's RPC (the scan screen's own e2e tests drive its
// buttons); the screens checked here are the banner and the report. Screenshots (1366×768) go
// to docs/screens with CATD_UPDATE_SCREENSHOTS=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/app/core';
import { createMemoryLogger } from '../../electron/platform/logger';
import { AUTH_PATH } from '../../shared/rpc';
import { cookieAs } from '../helpers/procedures';
import { ActaFlow } from '../helpers/acta-flow';
import { launchBrowser, login, screenshotPath, type StationBrowser } from '../helpers/browser';
import { parseScenario } from '../../shared/training/scenario';
import { traineeDoesPartOfLesson } from '../helpers/trainee';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-e2e-training-'));
const file = path.resolve('docs/capacitacion/escenarios/primera-hora.json');
const parsed = parseScenario(fs.readFileSync(file, 'utf8'));
if (!parsed.ok) throw new Error('invalid lesson');
const lesson = parsed.scenario;
let core: Core;
let browser: StationBrowser;

beforeAll(async () => {
  fs.writeFileSync(
    path.join(tmp, 'config.json'),
    JSON.stringify({
      training: { only: true, scenario: file },
      station: { id: 'CATD-AULA-01', name: 'Aula 1' },
    }),
  );
  core = await startCore({
    dataDir: tmp,
    port: 0,
    rendererDir: path.resolve('dist/renderer'),
    logger: createMemoryLogger(),
    shell: { requestExit: () => undefined },
  });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await core?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the first-hour lesson', () => {
  it('shows training on every screen and reports what the trainee did', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${core.origin}${AUTH_PATH}?token=${core.mintLaunchToken()}`);
    // The login screen already says it.
    await expect.poll(() => page.getByTestId('training-banner').textContent()).toContain('CAPACITACIÓN');
    const operator = core.demoAccounts!.find((a) => a.role === 'operador')!;
    await login(page, { id: operator.id, pin: operator.pin });
    await page.getByRole('navigation').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('training-banner').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.body.classList.contains('training'))).toBe(true);
    await page.screenshot({ path: screenshotPath('training-home.png') });

    const flow = new ActaFlow(core, await cookieAs(core, 'operador'), await cookieAs(core, 'supervisor'));
    await traineeDoesPartOfLesson(flow, lesson);

    // The trainer signs in and opens the report.
    const trainer = await browser.context.newPage();
    await trainer.goto(`${core.origin}${AUTH_PATH}?token=${core.mintLaunchToken()}`);
    const sup = core.demoAccounts!.find((a) => a.role === 'supervisor')!;
    await login(trainer, { id: sup.id, pin: sup.pin });
    await trainer.getByRole('navigation').waitFor({ timeout: 15_000 });
    await trainer.goto(`${core.origin}/capacitacion/informe`);
    const row = trainer.getByTestId('training-score').locator('tbody tr');
    const cells = await row.first().locator('td').allTextContents();
    // operador, completed, median, p90, caught, accepted, good rejected, conflicts
    expect(cells[0]).toBe(operator.id);
    expect(cells[1]).toBe('3');
    expect(cells[4]).toBe('1');
    expect(cells[5]).toBe('1');
    expect(cells[6]).toBe('0');
    expect(await trainer.getByText('hoja defectuosa aceptada (blur)').count()).toBe(1);
    await trainer.screenshot({ path: screenshotPath('training-report.png'), fullPage: false });
  }, 300_000);
});
