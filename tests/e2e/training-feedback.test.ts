// Lesson feedback and the time limit, on the operator's screen in Chromium. Two training stations
// run the same small scenario, one as a lesson and one as a rehearsal; on each the trainee types
// at acopio the key of an acta that never arrives (a key typed wrong). The lesson's screen tells
// them at once; the rehearsal's says nothing although its report counts the same mistake. When
// the lesson's time limit passes, its screen says "Tiempo terminado" and acopio is refused with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AUTH_PATH } from '../../shared/rpc';
import { launchBrowser, login, receiveTyped, screenshotPath, type StationBrowser } from '../helpers/browser';
import { reportRows, startTrainingStation, type TrainingStation } from '../helpers/training-station';
import { scenarioKeyLabel, ScenarioSchema, type Scenario } from '../../shared/training/scenario';
import { esMX } from '../../shared/messages/es-MX';

/** One scenario minute lasts this here; the lesson's limit is 2 minutes. */
const MINUTE_MS = 15_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-e2e-feedback-'));
const stations: TrainingStation[] = [];
/** One browser per station: cookies do not tell ports apart, so two stations cannot share one. */
const browsers: StationBrowser[] = [];

afterAll(async () => {
  for (const b of browsers) await b.close();
  for (const s of stations) await s.core.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function scenarioOf(kind: Scenario['kind']): Scenario {
  return ScenarioSchema.parse({
    format: 'catd-escenario-v1',
    name: `Claves ${kind}`,
    kind,
    timeLimitMinutes: 2,
    catalogue: { election: 'PRES', entidad: '09', distrito: '05', casillas: ['201 B1', '202 B1'] },
    // 202 B1 is in the catalogue but never arrives: typing its key is typing a wrong key.
    actas: [{ casilla: '201 B1', arrivesAtMinute: 0 }],
  });
}

async function openStation(kind: Scenario['kind']): Promise<{ station: TrainingStation; page: Page }> {
  const dir = path.join(tmp, kind);
  fs.mkdirSync(dir);
  const scenario = scenarioOf(kind);
  const file = path.join(dir, 'escenario.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  const station = await startTrainingStation(dir, file, `CATD-AULA-${kind === 'lesson' ? 11 : 12}`, {
    rendererDir: path.resolve('dist/renderer'),
    trainingMinuteMs: MINUTE_MS,
  });
  stations.push(station);
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.context.newPage();
  await page.goto(`${station.core.origin}${AUTH_PATH}?token=${station.core.mintLaunchToken()}`);
  const operator = station.core.demoAccounts!.find((a) => a.role === 'operador')!;
  await login(page, { id: operator.id, pin: operator.pin });
  await page.getByRole('navigation').waitFor({ timeout: 15_000 });
  await page.getByTestId('training-session').waitFor({ timeout: 10_000 });
  await receiveTyped(page, scenarioKeyLabel(scenario, '202 B1'));
  return { station, page };
}

async function wrongKeysInReport(station: TrainingStation): Promise<string | undefined> {
  return (await reportRows(station))[0]?.claves_erroneas;
}

describe('instant feedback and the time limit', () => {
  it('a lesson tells the trainee of a wrong key at once; a rehearsal never does', async () => {
    const lesson = await openStation('lesson');
    const feedback = lesson.page.getByTestId('training-feedback');
    await expect
      .poll(() => feedback.allTextContents(), { timeout: 5_000 })
      .toEqual([expect.stringContaining(esMX.training.feedback.wrongKey)]);
    expect(await wrongKeysInReport(lesson.station)).toBe('1');
    await lesson.page.screenshot({ path: screenshotPath('training-feedback.png') });

    const rehearsal = await openStation('rehearsal');
    expect(await wrongKeysInReport(rehearsal.station)).toBe('1');
    // The screen has asked the core several times since (it asks every second): still nothing.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await rehearsal.page.getByTestId('training-session').isVisible()).toBe(true);
    expect(await rehearsal.page.getByTestId('training-feedback').count()).toBe(0);

    // The lesson's two minutes pass: the screen says time is up, and acopio refuses with it.
    const timeUp = lesson.page.getByTestId('training-time-up');
    await timeUp.waitFor({ timeout: 3 * MINUTE_MS });
    expect(await timeUp.textContent()).toBe(esMX.training.timeUp);
    await lesson.page
      .getByLabel('Clave del acta', { exact: true })
      .fill(scenarioKeyLabel(scenarioOf('lesson'), '201 B1'));
    await lesson.page
      .getByLabel('Clave del acta otra vez')
      .fill(scenarioKeyLabel(scenarioOf('lesson'), '201 B1'));
    await lesson.page.keyboard.press('Enter');
    await expect
      .poll(() => lesson.page.locator('.acopio-outcome [role=alert]').allTextContents(), { timeout: 10_000 })
      .toEqual([esMX.training.timeUp]);
    await lesson.page.screenshot({ path: screenshotPath('training-time-up.png') });
  }, 240_000);
});
