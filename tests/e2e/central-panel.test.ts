// The central's own screens in Chromium, against a real central that a small election night
// reached through the station protocol (the night-load generator: signed manifests, chunked
// images, heartbeats): a central operator made with `catd central operator add` signs in (nothing
// without a session; a wrong password refused; five wrong lock the id), and the national and
// per-CATD figures on screen are the ones the stations' receipts say; rejections and clock offsets
// and queue depths are the ones the heartbeats carried; a station that stops beating shows the
// silent-station alarm once the central's clock is 2 minutes on (setClockSkew, the injectable clock).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startIntakeServer, type IntakeServer } from '../../central/server';
import { importCentralCatalogue } from '../../central/catalogue';
import { nightActaKey, runNight, type NightResult } from '../helpers/night-load';
import { sendHeartbeat } from '../helpers/station-heartbeat';
import { launchBrowser, screenshotPath, type StationBrowser } from '../helpers/browser';

const CATDS = 2;
const STATIONS_PER_CATD = 2;
const ACTAS = 24;
/** Entries each CATD's catalogue expects: more than the night sends, so some are missing. */
const EXPECTED_PER_CATD = 15;
const PASSWORD = 'correcta-caballo-9';

let dir: string;
let central: IntakeServer;
let night: NightResult;
let browser: StationBrowser;
let page: Page;
let base: string;
const stationIds: string[] = [];

function catalogueCsv(): string {
  const lines = ['entidad,distrito,seccion,tipo,numero,eleccion'];
  for (let c = 0; c < CATDS; c++)
    for (let i = 0; i < EXPECTED_PER_CATD; i++) {
      const [, election, entidad, distrito, seccion, casilla] = nightActaKey(c, i).split('-');
      lines.push([entidad, distrito, seccion, casilla![0], casilla!.slice(1), election].join(','));
    }
  return lines.join('\n');
}

function catd(actaKey: string): string {
  const p = actaKey.split('-');
  return `${p[2]}-${p[3]}`;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-central-panel-'));
  const dataDir = path.join(dir, 'central');
  central = await startIntakeServer({ ports: [0], dataDir });
  base = central.urls[0]!;
  night = await runNight({
    catds: CATDS,
    stationsPerCatd: STATIONS_PER_CATD,
    actas: ACTAS,
    spanSeconds: 2,
    heartbeatMs: 1_000,
    imageBytes: 4_000,
    pages: 1,
    urls: [base],
    workDir: path.join(dir, 'stations'),
    centralDir: dataDir,
  });
  expect(night.refused).toEqual([]);
  for (let c = 0; c < CATDS; c++)
    for (let s = 0; s < STATIONS_PER_CATD; s++)
      stationIds.push(`CATD-${String(c + 1).padStart(3, '0')}-${String(s + 1).padStart(2, '0')}`);
  expect((await importCentralCatalogue(central.store.db, catalogueCsv())).ok).toBe(true);
  // The operator, as a supervisor makes one: the password on standard input, never in argv.
  const add = spawnSync(
    process.execPath,
    ['bin/catd.mjs', 'central', 'operator', 'add', 'ana.lopez', '--name', 'Ana López', '--data', dataDir],
    { input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 60_000 },
  );
  expect(add.stderr + add.stdout).toContain('ana.lopez');
  expect(add.status).toBe(0);
  browser = await launchBrowser();
  page = await browser.context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await central?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The heartbeat each station sends now: station 1 of CATD 1 runs 1.5 s behind and has 7 queued. */
async function beat(ids: string[]): Promise<void> {
  for (const [n, id] of ids.entries()) {
    const status = await sendHeartbeat(
      base,
      { id, dir: path.join(dir, 'stations', id) },
      {
        queue: { pending: n === 0 ? 7 : 0, dead: 0, delivered: 6 },
        health: {
          clock:
            n === 0
              ? {
                  offsetMs: 1_500,
                  uncertaintyMs: 4,
                  roundTripMs: 8,
                  measuredAt: new Date().toISOString(),
                  link: 'primario',
                }
              : undefined,
          rejections: {
            scans: 10,
            byReason: [
              { kind: 'gate', reason: 'quality.reason.blur', count: 2 },
              { kind: 'verification', reason: 'Firma ilegible', count: n % 2 },
            ],
          },
        },
      },
    );
    expect(status).toBe(200);
  }
}

it('nothing without a session: the data answers 401, a wrong password and five in a row are refused', async () => {
  for (const p of ['/panel/api/national', '/panel/api/stations', '/panel/api/catd?catd=01-01'])
    expect((await fetch(base + p)).status).toBe(401);
  const cookie = await fetch(base + '/panel/api/national', {
    headers: { Cookie: 'catd_central_session=made-up' },
  });
  expect(cookie.status).toBe(401);

  await page.goto(`${base}/panel/`);
  const csp = (await page.request.get(`${base}/panel/`)).headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  await page.getByLabel('Clave de operador central').fill('ana.lopez');
  await page.getByLabel('Contraseña').fill('no-es-esta-1');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('alert').textContent()).toBe('Clave o contraseña incorrecta.');
  await page.screenshot({ path: screenshotPath('central-signin.png') });

  // Another id, five wrong in a row: locked, and then even its right password would be refused.
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${base}/panel/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ operatorId: 'nadie', password: `mal-${i}-xxxx` }),
    });
    expect(r.status).toBe(i < 4 ? 401 : 423);
  }
  const wrongThenLocked = async () =>
    (
      await fetch(`${base}/panel/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ operatorId: 'ana.lopez', password: 'otra-mala-9' }),
      })
    ).status;
  // ana.lopez has one wrong try already (the screen's): four more lock her.
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push(await wrongThenLocked());
  expect(statuses).toEqual([401, 401, 401, 423]);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/bloqueada hasta las \d\d:\d\d/);
  // Five minutes on the central's clock end the lockout.
  central.setClockSkew(5 * 60_000 + 1_000);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: /Nacional/ }).waitFor();
  central.setClockSkew(0);
  const cookies = await browser.context.cookies(`${base}/panel/`);
  const session = cookies.find((c) => c.name === 'catd_central_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
});

it('national and per-CATD progress on screen are what the stations were given receipts for', async () => {
  await beat(stationIds);
  const receipted = [...night.receipts.values()].map((r) => r.actaKey);
  expect(new Set(receipted).size).toBe(ACTAS);
  await page.keyboard.press('Alt+1');
  await expect.poll(() => page.getByTestId('national-received').textContent()).toBe(String(ACTAS));
  expect(await page.getByTestId('national-expected').textContent()).toBe(String(CATDS * EXPECTED_PER_CATD));
  expect(await page.getByTestId('national-missing').textContent()).toBe(
    String(CATDS * EXPECTED_PER_CATD - ACTAS),
  );
  // Rejections: 4 stations × 2 blurred of 10 scans each = 8 of 40, 20 %.
  const rej = page.getByTestId('rejections');
  await expect.poll(() => rej.getByRole('row', { name: /Borrosa/i }).textContent()).toMatch(/8\s*20\s%/);
  await page.screenshot({ path: screenshotPath('central-national.png') });

  // CATD 01-01 from the table, by keyboard: its receipted actas, and the catalogue's others missing.
  const first = receipted.filter((k) => catd(k) === '01-01');
  await page.getByRole('button', { name: '01-01' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('catd-received').textContent()).toBe(String(first.length));
  expect(await page.getByTestId('catd-expected').textContent()).toBe(String(EXPECTED_PER_CATD));
  const missingRows = page.getByTestId('missing').locator('tbody tr');
  expect(await missingRows.count()).toBe(EXPECTED_PER_CATD - first.length);
  const sent = new Set(first);
  // Listed by sección, casilla and election.
  const expectedMissing = Array.from({ length: EXPECTED_PER_CATD }, (_, i) => nightActaKey(0, i))
    .filter((k) => !sent.has(k))
    .map((k) => {
      const [, election, , , seccion, casilla] = k.split('-');
      return `${seccion}${casilla}${election}`;
    })
    .sort();
  expect(await missingRows.allTextContents()).toEqual(expectedMissing);
  await page.screenshot({ path: screenshotPath('central-catd.png') });
});

it('stations show their clock offset and queue; one that stops beating raises the alarm after 2 minutes', async () => {
  await page.keyboard.press('Alt+3');
  const row = (id: string) => page.getByTestId('stations').getByRole('row', { name: new RegExp(id) });
  await expect.poll(() => row(stationIds[0]!).textContent()).toContain('+1.5 s');
  expect(await row(stationIds[0]!).textContent()).toMatch(/primario\+1\.5 s706/);
  await expect.poll(() => page.getByTestId('silent-alarm-none').isVisible()).toBe(true);

  // 2 minutes and a second pass on the central's clock; every station but the last beats again.
  central.setClockSkew(121_000);
  await beat(stationIds.slice(0, -1));
  const silent = stationIds.at(-1)!;
  const alarm = page.getByTestId('silent-alarm');
  await expect.poll(() => alarm.textContent(), { timeout: 15_000 }).toContain(silent);
  expect(await alarm.textContent()).toContain('ALARMA: 1 estación sin latido por más de 2 minutos');
  for (const id of stationIds.slice(0, -1)) expect(await alarm.textContent()).not.toContain(id);
  await expect.poll(() => row(silent).textContent()).toContain('SIN LATIDO');
  await page.screenshot({ path: screenshotPath('central-stations-alarm.png') });

  // English on Alt+I, the same figures.
  await page.keyboard.press('Alt+i');
  await expect.poll(() => alarm.textContent()).toContain('ALARM: 1 station without a heartbeat');
  await page.keyboard.press('Alt+i');
  central.setClockSkew(0);
});

it('originals (Alt+4): asking by key says plainly when there is nothing to ask; an arrived original downloads', async () => {
  await page.keyboard.press('Alt+4');
  const key = page.getByTestId('original-key');
  await key.waitFor();
  const receipted = [...night.receipts.values()][0]!.actaKey;
  // The load generator's stations send their scans as they are: the central holds the originals.
  await key.fill(receipted);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.getByTestId('original-asked').textContent())
    .toBe('Esa acta viajó tal como se escaneó: la central ya tiene el original.');
  await key.fill('2024-PRES-31-09-9999-B1');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('original-asked').textContent()).toContain('no tiene un registro');

  // A page that travelled as a copy, asked for, then sealed here as the station would send it
  // (the station's side is tests/central/originals.test.ts): the row turns "Recibido" and downloads.
  const bytes = fs.readFileSync(path.join('docs', 'screens', 'central-signin.png'));
  const sha = createHash('sha256').update(bytes).digest('hex');
  const [idem] = [...night.receipts.keys()];
  await central.store.db.run(
    `INSERT INTO original_requests (original_sha256, acta_key, page, station_id, idempotency_key, size, requested_at, requested_by)
     VALUES (?, ?, 1, ?, ?, ?, ?, 'ana.lopez')`,
    [sha, receipted, stationIds[0]!, idem!, bytes.length, new Date().toISOString()],
  );
  const row = page.getByTestId('originals').getByRole('row', { name: new RegExp(receipted) });
  await expect.poll(() => row.textContent()).toContain('Esperando a la estación');
  // Asked for but not here yet: the central says so and serves nothing.
  const early = await page.request.get(`${base}/panel/api/original?sha256=${sha}`);
  expect(early.status()).toBe(409);
  expect(await early.json()).toEqual({ error: 'not_received' });
  expect((await central.store.writeChunk(sha, 0, bytes.length, bytes, stationIds[0]!)).ok).toBe(true);
  await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/Recibido \d\d:\d\d/);
  await page.screenshot({ path: screenshotPath('central-originals.png') });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: 'Descargar' }).click(),
  ]);
  const got = fs.readFileSync((await download.path())!);
  expect(createHash('sha256').update(got).digest('hex')).toBe(sha);
});
