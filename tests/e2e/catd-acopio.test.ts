// Issue #18, "the CATD as a whole", end to end: one real central and two real station cores of
// the same CATD (01-09). Station 1 receives a key at acopio; when station 2's operator receives
// the same key, the screen says at once that it was already received at "Estación 1" and at what
// time, and records it EN CONFLICTO for the supervisor (this paper is a second copy). Station 2's
// Tablero counts the whole CATD from the central (station 1's actas included, never more than
// the catalogue), and the casillas still missing. With the central gone, acopio goes on as before
// (and says the CATD could not be checked) and the Tablero says it counts only this station.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCore, type Core } from '../../electron/app/core';
import { startIntakeServer, type IntakeServer } from '../../central/server';
import { createMemoryLogger } from '../../electron/platform/logger';
import { AUTH_PATH } from '../../shared/rpc';
import { actaKeyId, displayActaKey, formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';
import {
  launchBrowser,
  login,
  openAsOperator,
  openConsole,
  screenshotPath,
  type StationBrowser,
} from '../helpers/browser';
import { CATD_CATALOGUE, K1, K2, K3, receiveTyped, writeCatdStation } from '../helpers/catd-stations';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-e2e-catd-'));
let intake: IntakeServer;
let one: Core;
let two: Core;
let browser: StationBrowser;
let page: Page;

async function station(n: number): Promise<Core> {
  const dataDir = path.join(tmp, `station-${n}`);
  writeCatdStation(dataDir, n);
  const core = await startCore({
    dataDir,
    port: 0,
    rendererDir: path.resolve('dist/renderer'),
    simIntakeUrl: intake.urls[0]!,
    simIntakeData: intake.dataDir,
    logger: createMemoryLogger(),
    shell: { requestExit: () => undefined },
  });
  const loaded = core.services.workflow.loadCatalogue(CATD_CATALOGUE, 'catálogo del CATD 01-09', {
    id: 'SUP',
    role: 'supervisor',
  });
  if (!loaded.ok) throw new Error('catalogue refused');
  return core;
}

beforeAll(async () => {
  intake = await startIntakeServer({ ports: [0], dataDir: path.join(tmp, 'central') });
  one = await station(1);
  two = await station(2);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(`${two.origin}${AUTH_PATH}?token=${two.mintLaunchToken()}`);
  const op = two.demoAccounts!.find((a) => a.role === 'operador')!;
  await login(page, { id: op.id, pin: op.pin });
  await page.getByRole('navigation').waitFor({ timeout: 15_000 });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await two?.stop();
  await one?.stop();
  await intake?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Station 1's acopio, through its RPC as its own screen would. */
async function receiveAtStationOne(key: ActaKey): Promise<{ utc: string; offsetMinutes: number }> {
  const res = await receiveTyped(one, key);
  expect(res.outcome).toBe('received');
  return res.acta.receivedAt;
}

/** Station 2's operator types the key twice at acopio and presses Enter. */
async function typeAtAcopio(key: ActaKey): Promise<void> {
  await page.keyboard.press('Alt+1');
  await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
  if (!(await page.getByLabel('Clave del acta otra vez').isVisible())) await page.keyboard.press('F6');
  const label = formatActaKeyLabel(key);
  await page.getByLabel('Clave del acta', { exact: true }).fill(label);
  await page.getByLabel('Clave del acta otra vez').fill(label);
  await page.keyboard.press('Enter');
}

const hhmm = (s: { utc: string; offsetMinutes: number }) =>
  new Date(Date.parse(s.utc) + s.offsetMinutes * 60_000).toISOString().slice(11, 16);

async function openTablero(): Promise<void> {
  await page.keyboard.press('Alt+5');
  await page.getByTestId('catd-panel').waitFor({ timeout: 10_000 });
}

describe('two stations of one CATD', () => {
  it("tells station 2's operator at acopio that station 1 already received the key, and when", async () => {
    const first = await receiveAtStationOne(K1);
    await receiveAtStationOne(K2);
    await typeAtAcopio(K1);
    const result = page.getByTestId('acopio-result');
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toMatch(/ya recibida en otra estación/i);
    expect(await page.getByTestId('acopio-elsewhere').textContent()).toContain(
      `Ya recibida en Estación 1 a las ${hhmm(first)}`,
    );
    expect(await result.textContent()).toContain('EN CONFLICTO');
    await page.screenshot({ path: screenshotPath('catd-acopio-elsewhere.png') });
    // The supervisor finds it in the audit log: a conflict, with the station that had it first.
    const [entry] = two.services.audit.query({ action: 'acta.conflict' }).entries;
    expect(entry?.details).toMatchObject({ catd: 'checked', elsewhere: { stationName: 'Estación 1' } });
  });

  it("shows station 2's supervisor which station had the key first, and when, with the choices that fit", async () => {
    const sup = two.demoAccounts!.find((a) => a.role === 'supervisor')!;
    const dialog = page.getByRole('dialog', { name: 'Consola del supervisor' });
    await page.keyboard.press('Control+Alt+s');
    await dialog.getByLabel('Clave del supervisor').fill(sup.id);
    await dialog.getByLabel('PIN del supervisor').fill(sup.pin);
    await page.keyboard.press('Enter');
    const row = dialog.getByRole('row', { name: /conflicto/i });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole('button', { name: 'Elegir' }).click();
    const note = dialog.getByTestId('conflict-elsewhere');
    await expect
      .poll(() => note.textContent(), { timeout: 10_000 })
      .toContain('Estación 1 del CATD la recibió antes');
    const first = two.services.audit.query({ action: 'acta.conflict' }).entries[0]!.details as {
      elsewhere: { receivedAt: string; offsetMinutes: number };
    };
    expect(await note.textContent()).toContain(
      hhmm({ utc: first.elsewhere.receivedAt, offsetMinutes: first.elsewhere.offsetMinutes }),
    );
    // Nothing here to replace: annul this copy, or keep it.
    await dialog.getByRole('button', { name: 'Anular aquí (cuenta la de Estación 1)' }).waitFor();
    await dialog.getByRole('button', { name: 'Conservar aquí también' }).waitFor();
    expect(await dialog.getByRole('button', { name: /Reemplazar/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it("tells station 1's supervisor, who had the key first, that station 2 also received it", async () => {
    // Station 1's next read of the CATD view (its Tablero's, or its own look every minute).
    await expect
      .poll(
        async () => {
          await one.services.catd.view();
          return one.services.workflow.catdLaterNotices(5).length;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    const op = one.demoAccounts!.find((a) => a.role === 'operador')!;
    const sup = one.demoAccounts!.find((a) => a.role === 'supervisor')!;
    const first = await openAsOperator({
      uiUrl: `${one.origin}${AUTH_PATH}?token=${one.mintLaunchToken()}`,
      operator: op,
    });
    try {
      const dialog = await openConsole(first.page, sup);
      const notice = dialog.getByTestId('catd-later');
      await notice.waitFor({ timeout: 10_000 });
      const atTwo = two.services.workflow.list().actas.find((a) => a.keyId === actaKeyId(K1))!.receivedAt;
      expect(await notice.textContent()).toContain(
        `${displayActaKey(K1)}: Estación 2 también registró la llegada de esta acta (${hhmm(atTwo)})`,
      );
      await first.page.screenshot({ path: screenshotPath('catd-later-notice.png') });
    } finally {
      await first.browser.close();
    }
  });

  it("counts the whole CATD on station 2's Tablero, station 1's actas included", async () => {
    await openTablero();
    await expect
      .poll(() => page.getByTestId('catd-source').textContent(), { timeout: 10_000 })
      .toMatch(/Todas las estaciones/);
    // K1 (at both stations, once) and K2 (only at station 1) of the 3 expected.
    expect(await page.getByTestId('catd-received').textContent()).toContain('2 / 3');
    expect(await page.getByTestId('catd-stations').textContent()).toContain('Estación 1: 2');
    const missing = await page.getByTestId('dashboard-missing').textContent();
    expect(missing).toContain(`${K3.seccion} ${K3.casillaType}${K3.casillaNumber}`);
    expect(missing).not.toContain(`${K2.seccion} ${K2.casillaType}${K2.casillaNumber}`);
    await page.screenshot({ path: screenshotPath('catd-tablero.png') });
    // Its only acta (its copy of K1) waits en conflicto: the chart says so, not that there are none.
    expect(await page.getByTestId('dashboard-no-data').textContent()).toBe(
      'Aún no hay actas en el flujo: 1 acta en conflicto espera al supervisor.',
    );
  });

  it('falls back to the station alone when the central is gone, and says so', async () => {
    await intake.close();
    // K2 is station 1's, but without the central station 2 cannot know: today's acopio (the
    // central's 409 at transmission catches the second copy, tests/central/standing.test.ts).
    await typeAtAcopio(K2);
    await page.getByTestId('acopio-result').getByText('Acta recibida').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('acopio-catd-offline').textContent()).toMatch(/Sin respuesta del centro/);
    await openTablero();
    await expect
      .poll(() => page.getByTestId('catd-source').textContent(), { timeout: 10_000 })
      .toMatch(/se cuenta solo esta estación/);
    // Its own only: K2. Its copy of K1 waits for the supervisor (a conflict counts nowhere, as on
    // its own funnel), so K1, received at station 1, is missing as far as it knows.
    expect(await page.getByTestId('catd-received').textContent()).toContain('1 / 3');
    const missing = await page.getByTestId('dashboard-missing').textContent();
    expect(missing).toContain(displayActaKey(K1).split(' · ')[2]);
    expect(missing).not.toContain(displayActaKey(K2).split(' · ')[2]);
  });
});
