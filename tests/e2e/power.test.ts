// A power cut as the operator lives it, with a real Megatec UPS simulator on a socat pty: mains →
// battery (banner, work goes on) → battery low (new scans refused, database checkpointed) → mains
// again (banner gone, by itself). Every step is in the audit log.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshotPath, login } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { startPtyPair, type PtyPair } from '../helpers/pty';
import { MegatecSimulator } from '../../sim/ups/megatec';

let pty: PtyPair;
let ups: MegatecSimulator;
let station: AppProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  pty = await startPtyPair();
  ups = new MegatecSimulator({ path: pty.b });
  await ups.start();
  station = await startApp({
    config: { devices: { ups: { driver: 'megatec', path: pty.a, pollIntervalMs: 500 } } },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(station.uiUrl);
  await login(page, station.operator);
  await page.getByTestId('status-ups').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  await ups?.stop();
  await pty?.dispose();
});

const upsTile = () => page.getByTestId('status-ups').textContent();
const banner = () => page.getByTestId('power-banner');

describe('power cut', () => {
  it('shows the real UPS online and no banner on mains', async () => {
    await expect.poll(upsTile, { timeout: 10_000 }).toContain('En línea');
    expect(await banner().count()).toBe(0);
  });

  it('on battery: a banner says so and that work goes on', async () => {
    ups.setCondition('on_battery');
    await expect.poll(upsTile, { timeout: 10_000 }).toContain('En batería');
    await expect.poll(() => banner().textContent()).toContain('funciona con la batería del UPS');
    expect(await banner().textContent()).toContain('El trabajo continúa');
    await page.screenshot({ path: screenshotPath('power-battery.png') });
  });

  it('battery low: critical banner, new scans refused', async () => {
    ups.setCondition('low_battery');
    await expect.poll(upsTile, { timeout: 10_000 }).toContain('Batería baja');
    await expect.poll(() => banner().getAttribute('data-level')).toBe('critical');
    expect(await banner().textContent()).toContain('no se inician escaneos nuevos');
    await page.screenshot({ path: screenshotPath('power-critical.png') });
  });

  it('mains back: the banner goes by itself', async () => {
    ups.setCondition('mains');
    await expect.poll(upsTile, { timeout: 10_000 }).toContain('En línea');
    await expect.poll(() => banner().count()).toBe(0);
  });

  it('audited every step with the readings, and checkpointed the database on critical', async () => {
    const db = new Database(path.join(station.dataDir, 'catd.sqlite'), { readonly: true });
    const rows = db
      .prepare("SELECT action, subject, details FROM audit_log WHERE action LIKE 'power.%' ORDER BY seq")
      .all() as Array<{ action: string; subject: string; details: string }>;
    db.close();
    const levels = rows.filter((r) => r.action === 'power.level').map((r) => r.subject);
    // The first entry is the UPS's first answer after start (unknown → mains).
    expect(levels).toEqual(['mains', 'battery', 'critical', 'mains']);
    expect(rows.some((r) => r.action === 'power.checkpoint')).toBe(true);
    const critical = rows.find((r) => r.action === 'power.level' && r.subject === 'critical')!;
    expect(JSON.parse(critical.details).ups.state).toBe('battery_low');
  });
});
