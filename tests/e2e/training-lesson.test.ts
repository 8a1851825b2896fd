// The first-hour lesson in Chromium, at the keyboard: a training-only station (its own data
// folder, the lesson's scenario feeding the simulated scanner). Every screen carries the
// CAPACITACIÓN banner and the training colour, and no other mode badge beside it. A trainee logs
// in and works part of the lesson with the keys the screens offer: a good acta accepted; a folded
// sheet and a dark one the gate rejects, each rescanned; a good sheet rejected by mistake at
// verification (F7) and scanned again; a blurred sheet let through on purpose (the supervisor,
// called to the station, accepts the page the gate refused). The trainer then opens the report in
// Chromium and its numbers must be what the trainee did. Screenshots (1366×768) go to
// docs/screens with CATD_UPDATE_SCREENSHOTS=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCore, type Core } from '../../electron/app/core';
import { createMemoryLogger } from '../../electron/platform/logger';
import { AUTH_PATH } from '../../shared/rpc';
import { percentile } from '../../shared/training/score';
import { launchBrowser, login, screenshotPath, type StationBrowser } from '../helpers/browser';
import { parseScenario } from '../../shared/training/scenario';
import { reportRow, Trainee } from '../helpers/trainee';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-e2e-training-'));
const file = path.resolve('docs/capacitacion/escenarios/primera-hora.json');
const parsed = parseScenario(fs.readFileSync(file, 'utf8'));
if (!parsed.ok) throw new Error('invalid lesson');
const lesson = parsed.scenario;
let core: Core;
let browser: StationBrowser;

/** The lesson's casilla whose first sheet has `defect` (or whose only sheet is good, for null). */
function casillaWith(defect: string | null, skip = 0): string {
  const found = lesson.actas.filter((a) =>
    defect === null
      ? a.sheets.length === 1 && a.sheets[0] === 'good'
      : a.sheets[0] !== 'good' && a.sheets[0]!.defect === defect,
  );
  const a = found[skip];
  if (!a) throw new Error(`the lesson has no acta #${skip + 1} whose first sheet is ${defect ?? 'good'}`);
  return a.casilla;
}

async function signIn(page: Page, who: { id: string; pin: string }): Promise<void> {
  await page.goto(`${core.origin}${AUTH_PATH}?token=${core.mintLaunchToken()}`);
  await login(page, who);
  await page.getByRole('navigation').waitFor({ timeout: 15_000 });
}

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

describe('the first-hour lesson, at the keyboard', () => {
  it('marks training alone on every screen, and the report counts what the trainee did', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${core.origin}${AUTH_PATH}?token=${core.mintLaunchToken()}`);
    // The login screen already says it; the demo's "simulated" badge does not compete with it.
    await expect.poll(() => page.getByTestId('training-banner').textContent()).toContain('CAPACITACIÓN');
    expect(await page.getByText('MODO SIMULADO').count()).toBe(0);
    const operator = core.demoAccounts!.find((a) => a.role === 'operador')!;
    const supervisor = core.demoAccounts!.find((a) => a.role === 'supervisor')!;
    await login(page, { id: operator.id, pin: operator.pin });
    await page.getByRole('navigation').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.body.classList.contains('training'))).toBe(true);
    expect(await page.getByText('MODO SIMULADO').count()).toBe(0);

    const trainee = new Trainee(page, lesson);
    // A good acta, straight through.
    await trainee.receive(casillaWith(null));
    expect(await trainee.scan()).toBe('good');
    await trainee.accept();

    // The folded sheet: the gate says it does not serve, the trainee rescans.
    await trainee.receive(casillaWith('fold'));
    expect(await trainee.scan()).toBe('rejected');
    expect(await trainee.verdict()).toContain('NO sirve');
    expect(await page.getByTestId('training-banner').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('training-scan.png') });
    trainee.tally.defectiveCaught++;
    expect(await trainee.scan()).toBe('good');
    await trainee.accept();

    // A dark sheet: caught the same way.
    await trainee.receive(casillaWith('dark'));
    expect(await trainee.scan()).toBe('rejected');
    expect(await trainee.verdict()).toContain('NO sirve');
    trainee.tally.defectiveCaught++;
    expect(await trainee.scan()).toBe('good');
    await trainee.accept();

    // A good sheet, rejected by mistake at verification (F7) and scanned again.
    await trainee.receive(casillaWith(null, 1));
    expect(await trainee.scan()).toBe('good');
    await trainee.rejectAtVerification('me pareció movida');
    trainee.tally.goodRejected++;
    expect(await trainee.scan()).toBe('good');
    await trainee.accept();

    // The blurred sheet: the gate refuses it, and the supervisor lets it through on purpose.
    await trainee.receive(casillaWith('blur'));
    expect(await trainee.scan()).toBe('rejected');
    expect(await trainee.verdict()).toMatch(/borrosa/i);
    const said = await trainee.supervisorAcceptsRejectedPage(supervisor, 'error a propósito del aprendiz');
    expect(said).toMatch(/borrosa/i);
    trainee.tally.defectiveAccepted++;
    await trainee.accept('Alt+3');

    // The trainer signs in on another window and opens the report.
    const trainerPage = await browser.context.newPage();
    await signIn(trainerPage, supervisor);
    await trainerPage.goto(`${core.origin}/capacitacion/informe`);
    await trainerPage.getByTestId('training-score').waitFor();
    const row = await reportRow(trainerPage, operator.id);
    const { tally } = trainee;
    expect(row['Actas completadas']).toBe(String(tally.completed));
    expect(row['Defectuosas detectadas']).toBe(String(tally.defectiveCaught));
    expect(row['Defectuosas aceptadas']).toBe(String(tally.defectiveAccepted));
    expect(row['Buenas rechazadas']).toBe(String(tally.goodRejected));
    // The report's times come from the station's stamps; the trainee's from the screen: within 2 s.
    const median = Number(row['Mediana acopio→aceptación (s)']);
    expect(Math.abs(median - percentile(tally.seconds, 50)!)).toBeLessThanOrEqual(2);
    // The chart of mistakes names the sheet let through, and the good one rejected.
    expect(await trainerPage.getByText('hoja defectuosa aceptada (borrosa)').count()).toBe(1);
    expect(await trainerPage.getByText('hoja buena rechazada').count()).toBe(1);
    await trainerPage.screenshot({ path: screenshotPath('training-report.png'), fullPage: false });
  }, 300_000);
});
