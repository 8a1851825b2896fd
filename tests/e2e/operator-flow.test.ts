// The operator's night through the real core: acopio by code reader, scan, the gate's verdict on
// screen, verification and the central's receipt; a typed key mismatch; a duplicate key; and the
// core killed mid-flow with the operator picking the acta up where it was. The scanner is the
// hot-folder driver fed with rendered actas (the simulated scanner draws a random key per sheet,
// so its pages never match the acta received at acopio).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshotPath, login, resolveConflictInConsole } from '../helpers/browser';
import { run, type Running } from '../helpers/processes';
import { hotFolderConfig, startApp, type AppProcess } from '../helpers/app-process';
import { encodePage, renderActaPage } from '../../sim/acta/page';
import { scanWithDefect } from '../../sim/acta/defects';
import { actaKeyId, displayActaKey, formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';

let station: AppProcess;
let restarted: Running | null = null;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let folder: string;
const navTimes: number[] = [];
const scanTimes: number[] = [];

const shot = screenshotPath;

async function acta(seed: number): Promise<{ key: ActaKey; label: string; png: Buffer }> {
  const r = await renderActaPage({ seed, colour: 'grey' });
  return { key: r.key, label: formatActaKeyLabel(r.key), png: await encodePage(r.page, 'png') };
}

const stationConfig = () => hotFolderConfig(folder);

async function signIn(p: Page, op: { id: string; pin: string }) {
  await login(p, op);
  await p.getByRole('navigation').waitFor({ timeout: 10_000 });
}

/** Presses a navigation key and records how long until the screen's heading shows. */
async function navigate(key: string, heading: string) {
  const t0 = performance.now();
  await page.keyboard.press(key);
  await page.getByRole('heading', { name: heading }).waitFor({ timeout: 5_000 });
  navTimes.push(performance.now() - t0);
}

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1] ?? NaN;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-hotfolder-'));
  station = await startApp({ config: stationConfig() });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(station.uiUrl);
  await signIn(page, station.operator);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await restarted?.stop();
  await station?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
  if (navTimes.length)
    console.log(
      `UI response to a navigation key: p95 ${pct(navTimes, 0.95).toFixed(0)} ms (n=${navTimes.length})`,
    );
  if (scanTimes.length)
    console.log(
      `"scan" key to verdict on screen: median ${pct(scanTimes, 0.5).toFixed(0)} ms (n=${scanTimes.length})`,
    );
});

describe('operator flow, end to end', () => {
  it('takes a clean acta from acopio to acusada by keyboard and code reader', async () => {
    const a = await acta(101);
    await page.screenshot({ path: shot('home.png') });
    await navigate('Alt+1', 'Acopio: recibir un acta');
    // The code reader types the label into the focused field and presses Enter.
    await page.keyboard.type(a.label);
    await page.keyboard.press('Enter');
    const received = page.getByTestId('acopio-result');
    await expect.poll(() => received.textContent()).toContain('Acta recibida');
    expect(await page.getByTestId('received-at').textContent()).toMatch(
      /\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d UTC[+−]\d\d:\d\d/,
    );
    await page.screenshot({ path: shot('acopio.png') });

    await page.keyboard.press('F8'); // straight to scanning this acta
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    fs.writeFileSync(path.join(folder, 'acta-101.png'), a.png);
    const t0 = performance.now();
    await page.keyboard.press('F8');
    await page.getByTestId('verdict').first().waitFor({ timeout: 30_000 });
    scanTimes.push(performance.now() - t0);
    expect(await page.getByTestId('verdict').first().textContent()).toContain('Página 1: bien');
    await expect
      .poll(() => page.getByTestId('scan-outcome').textContent(), { timeout: 15_000 })
      .toContain('Todas las páginas están bien');
    await page.screenshot({ path: shot('digitalizacion.png') });

    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: 'Verificación' }).waitFor();
    await page.locator('.image-viewport img').first().waitFor();
    // The integrity code is the supervisor's and auditor's: no SHA-256 on the operator's screen.
    expect(await page.locator('main').textContent()).not.toMatch(/[0-9a-f]{64}/);
    await page.keyboard.press('+');
    await page.screenshot({ path: shot('verificacion.png') });
    await page.keyboard.press('F9');
    await expect
      .poll(() => page.getByTestId('verify-result').textContent())
      .toMatch(/En cola|Transmitida|Acuse/);

    await navigate('Alt+4', 'Cola de actas');
    const row = page.getByTestId(`queue-row-${actaKeyId(a.key)}`);
    await expect
      .poll(() => row.textContent(), { timeout: 30_000, interval: 500 })
      .toContain('Acuse recibido');
    await page.screenshot({ path: shot('cola.png') });
    await navigate('Alt+5', 'Tablero');
    await expect.poll(() => page.getByTestId('bar-acknowledged').textContent()).toContain('1');
    // The night's first interval is one point per line: the chart still shows where each stands.
    const now = page.getByTestId('chart-now-acknowledged');
    await now.scrollIntoViewIfNeeded();
    expect((await now.boundingBox())?.width).toBeGreaterThan(4);
    await page.screenshot({ path: shot('tablero.png') });
  }, 90_000);

  it('refuses a typed key whose two entries differ, in plain words', async () => {
    const a = await acta(102);
    const b = await acta(103);
    await navigate('Alt+1', 'Acopio: recibir un acta');
    await page.keyboard.press('F6');
    await page.getByLabel('Clave del acta', { exact: true }).fill(a.label);
    await page.getByLabel('Clave del acta otra vez').fill(b.label);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('no coinciden');
    await page.keyboard.press('F6'); // back to the reader
  });

  it('puts a second acta with the same key en conflicto and explains it', async () => {
    const a = await acta(101);
    await navigate('Alt+1', 'Acopio: recibir un acta');
    await page.keyboard.type(a.label);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('acopio-result').textContent()).toContain('EN CONFLICTO');
    expect(await page.getByTestId('acopio-result').textContent()).toContain('llame al supervisor');
    await page.screenshot({ path: shot('acopio-conflicto.png') });
  });

  it('a supervisor resolves that conflict from the console (Ctrl+Alt+S)', async () => {
    const a = await acta(101);
    const dialog = await resolveConflictInConsole(
      page,
      station.supervisor,
      'la segunda es copia de la misma acta',
      'Conservar la existente (anular esta)',
    );
    await expect
      .poll(() => dialog.textContent(), { timeout: 10_000 })
      .toContain(`${displayActaKey(a.key)} — Anulada`);
    expect(await dialog.textContent()).toContain('No hay actas esperando al supervisor');
    await dialog.getByRole('button', { name: 'Cancelar (Esc)' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('rejects a blurred sheet with what to do, and accepts the rescan', async () => {
    const r = await renderActaPage({ seed: 105, colour: 'grey' });
    const label = formatActaKeyLabel(r.key);
    const blurred = await scanWithDefect(r.optical, { kind: 'blur', sigma: 4 }, 105);
    await navigate('Alt+4', 'Cola de actas'); // a fresh acopio screen, its reader field focused
    await navigate('Alt+1', 'Acopio: recibir un acta');
    await page.keyboard.type(label);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('acopio-result').textContent()).toContain('Acta recibida');
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    fs.writeFileSync(path.join(folder, 'acta-105-borrosa.png'), await encodePage(blurred.page, 'png'));
    await page.keyboard.press('F8');
    await expect
      .poll(() => page.getByTestId('verdict').first().textContent(), { timeout: 30_000 })
      .toContain('NO sirve');
    expect(await page.getByTestId('verdict').first().textContent()).toMatch(/borrosa|vuelva a escanear/i);
    // The problem is marked on the preview (blur concerns the whole sheet).
    expect(await page.getByTestId('preview-marks').first().getAttribute('data-marks')).toContain('page');
    // The batch ends when the folder stays idle; only then is a rescan possible.
    await expect
      .poll(() => page.getByTestId('scan-outcome').textContent(), { timeout: 30_000 })
      .toContain('no pasaron');
    await page.screenshot({ path: shot('digitalizacion-borrosa.png') });
    fs.writeFileSync(path.join(folder, 'acta-105.png'), await encodePage(r.page, 'png'));
    await page.keyboard.press('F8');
    await expect
      .poll(() => page.getByTestId('scan-outcome').textContent(), { timeout: 30_000 })
      .toContain('Todas las páginas están bien');
  }, 90_000);

  it('measures the UI response to navigation keys', async () => {
    const screens: Array<[string, string]> = [
      ['Alt+1', 'Acopio: recibir un acta'],
      ['Alt+4', 'Cola de actas'],
      ['Alt+5', 'Tablero'],
    ];
    for (let i = 0; i < 10; i++) for (const [k, h] of screens) await navigate(k, h);
    expect(pct(navTimes, 0.95)).toBeLessThan(1_000);
  });

  it('resumes the acta where it was after the core is killed and restarted', async () => {
    const a = await acta(104);
    await navigate('Alt+1', 'Acopio: recibir un acta');
    await page.keyboard.type(a.label);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('acopio-result').textContent()).toContain('Acta recibida');

    await station.app.stop(); // the whole process group, like a crash of the core
    const args = ['start', '--', '--web', '--port', '0', '--data', station.dataDir];
    args.push('--config', path.join(station.dataDir, 'station.json'));
    restarted = run('npm', args);
    const ui = await restarted.waitForLine(/^UI: (http:\/\/127\.0\.0\.1:\d+\/\S+)$/, 30_000);
    const p2 = await browser.context.newPage();
    await p2.goto(ui[1]!);
    await signIn(p2, station.operator); // demo credentials from the first start
    page = p2;
    await navigate('Alt+4', 'Cola de actas');
    const row = p2.getByTestId(`queue-row-${actaKeyId(a.key)}`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Recibida');
    await row.click();
    await p2.getByRole('heading', { name: 'Digitalización' }).waitFor();
    expect(await p2.locator('.acta-line').textContent()).toContain('Recibida');
    fs.writeFileSync(path.join(folder, 'acta-104.png'), a.png);
    const t0 = performance.now();
    await p2.keyboard.press('F8');
    await p2.getByTestId('verdict').first().waitFor({ timeout: 30_000 });
    scanTimes.push(performance.now() - t0);
    await expect
      .poll(() => p2.getByTestId('scan-outcome').textContent(), { timeout: 30_000 })
      .toContain('Todas las páginas están bien');
  }, 90_000);
});
