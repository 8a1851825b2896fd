// The UPS says it will cut the load (real NUT: dummy-ups + upsd, status "FSD OB LB") while an acta
// is being scanned: the operator's screen says the station is powering off, the page being
// written is finished and kept, the database is checkpointed, the power-off is audited, and the
// power-off request goes out; then the station stops with the code the kiosk does not restart.
// The request is a stand-in script (power.powerOff.command) that leaves a file where
// `systemctl poweroff` would power the machine off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAsOperator, screenshotPath, startScanOnMains, type StationBrowser } from '../helpers/browser';
import { SAMPLE_KEY } from '../helpers/operator-station';
import { startApp, type AppProcess } from '../helpers/app-process';
import { startNut, type NutServer } from '../helpers/nut';
import { OL_DEV } from '../electron/power/ups/nut/fixture';
import { formatActaKeyLabel } from '../../shared/acta-key';

/** NUT's forced shutdown: upsmon's primary set FSD, the unit on battery with a low battery. */
const FSD_DEV = OL_DEV.replace('ups.status: OL CHRG', 'ups.status: FSD OB LB').replace(
  'battery.runtime: 2400',
  'battery.runtime: 95',
);

let nut: NutServer;
let station: AppProcess;
let browser: StationBrowser;
let page: Page;
let work: string;
let marker: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-poweroff-'));
  marker = path.join(work, 'poweroff-requested');
  // Stands for `systemctl poweroff`: records that it was asked, and with what.
  const script = path.join(work, 'fake-poweroff.sh');
  fs.writeFileSync(script, '#!/bin/sh\necho "poweroff $(id -un)" > "$1"\n', { mode: 0o755 });
  nut = await startNut({ dev: OL_DEV });
  station = await startApp({
    config: {
      devices: {
        ups: { driver: 'nut', host: '127.0.0.1', port: nut.port, ups: nut.ups, pollIntervalMs: 300 },
        // Four sheets fed slowly: the warning comes while the batch is running, and the page being
        // written takes long enough (6 s) for the banner to be seen before the power-off on a
        // loaded machine (at 2.5 s a CI run saw the power-off asked before its poll saw the banner).
        scanner: { driver: 'simulated', defectRate: 0, sheetsPerActa: 4, pageDelayMs: 6_000 },
      },
      power: { powerOff: { enabled: true, command: [script, marker], pageWaitSeconds: 20 } },
    },
  });
  ({ browser, page } = await openAsOperator(station));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  await nut?.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('UPS shutdown imminent', () => {
  it('finishes the page, checkpoints, audits and asks the OS to power off', async () => {
    await startScanOnMains(page, formatActaKeyLabel(SAMPLE_KEY));
    const exited = new Promise<number | null>((resolve) => station.app.child.once('exit', (c) => resolve(c)));

    nut.writeDev(FSD_DEV);
    await expect
      .poll(() => page.getByTestId('power-banner').textContent(), { timeout: 15_000 })
      .toContain('la estación guarda todo y se apaga');
    await page.screenshot({ path: screenshotPath('ups-powering-off.png') });
    expect(fs.existsSync(marker)).toBe(false); // not before the page is finished

    expect(await exited).toBe(42);
    expect(fs.readFileSync(marker, 'utf8')).toMatch(/^poweroff /);

    const db = new Database(path.join(station.dataDir, 'catd.sqlite'), { readonly: true });
    try {
      const rows = db
        .prepare<[], { seq: number; action: string; details: string }>(
          `SELECT seq, action, details FROM audit_log
           WHERE action IN ('acta.scanEnd', 'power.checkpoint', 'power.poweroff', 'core.stop')
           ORDER BY seq`,
        )
        .all();
      const seqOf = (action: string, why?: string) =>
        rows.find((r) => r.action === action && (!why || r.details.includes(why)))?.seq ?? -1;
      const scanEnd = seqOf('acta.scanEnd');
      const checkpoint = seqOf('power.checkpoint', 'shutdown-imminent');
      const poweroff = seqOf('power.poweroff');
      // The scan ended (pages kept) before the checkpoint; the audit entry before the request.
      expect(scanEnd).toBeGreaterThan(0);
      expect(checkpoint).toBeGreaterThan(scanEnd);
      expect(poweroff).toBeGreaterThan(checkpoint);
      expect(seqOf('core.stop')).toBeGreaterThan(poweroff);
      const details = JSON.parse(rows.find((r) => r.seq === poweroff)!.details) as {
        ups: { shutdownImminent: boolean };
      };
      expect(details.ups.shutdownImminent).toBe(true);
      const pages = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM acta_pages').get()!.n;
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThan(4); // the feeder stopped after the page being written
    } finally {
      db.close();
    }
  }, 120_000);
});
