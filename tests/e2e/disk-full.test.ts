// The disk fills while the operator scans, seen from the screen: the station's data folder is a
// small tmpfs; another program eats the space; the Disco tile warns, the scan answers "Disco
// lleno" with what to do, the acta stays as it was; once space is freed the same acta scans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAsOperator, receiveTyped, screenshotPath, type StationBrowser } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { fillDisk, mountTmpfs, remount, unmount } from '../electron/capture/store/storage-rig';
import { formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';

const KEY: ActaKey = {
  year: 2024,
  election: 'DIP',
  entidad: '09',
  distrito: '12',
  seccion: '3301',
  casillaType: 'C',
  casillaNumber: 2,
};
const MB = 1024 * 1024;

// Station, simulated central and their images share this volume.
const mount = mountTmpfs(96);
if (!mount.ok) console.warn(`disk-full e2e skipped: ${mount.reason}`);

let station: AppProcess;
let browser: StationBrowser;
let page: Page;

beforeAll(async () => {
  if (!mount.ok) return;
  station = await startApp({
    dataDir: mount.dir,
    config: {
      // Thresholds scaled to the small volume: warn below 16 MB, refuse below 256 KB.
      storage: {
        warnFreeBytes: 16 * MB,
        warnFreePercent: 0,
        minFreeBytes: 256 * 1024,
        sampleIntervalMs: 1_000,
      },
      devices: { scanner: { driver: 'simulated', defectRate: 0 } },
    },
  });
  ({ browser, page } = await openAsOperator(station));
});

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  unmount(mount.dir);
});

const outcome = () => page.getByTestId('scan-outcome').textContent();
const diskTile = () => page.getByTestId('status-storage').textContent();

describe.skipIf(!mount.ok)('the disk fills during a scan', () => {
  it('warns on the Disco tile, says "Disco lleno" on the scan, and leaves the acta as it was', async () => {
    await expect.poll(diskTile, { timeout: 10_000 }).toContain('Con espacio');
    // Another program leaves less than one scanned page (≈ 2.5 MB) free, above the hard floor.
    fillDisk(mount.dir, 2 * MB);
    await expect.poll(diskTile, { timeout: 10_000 }).toContain('Poco espacio');
    await page.screenshot({ path: screenshotPath('disk-low.png') });

    await receiveTyped(page, formatActaKeyLabel(KEY));

    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    await page.keyboard.press('F8');
    await expect.poll(outcome, { timeout: 60_000 }).toContain('Disco lleno: no se guardó la hoja');
    expect(await page.locator('.acta-line').textContent()).toContain('Recibida');
    await page.screenshot({ path: screenshotPath('disk-full.png') });
  }, 90_000);

  it('scans the same acta once the supervisor frees space, without a restart', async () => {
    remount(mount.dir, 'size=256m');
    await page.keyboard.press('F8');
    await expect.poll(outcome, { timeout: 60_000 }).toContain('Todas las páginas están bien');
    await page.keyboard.press('Alt+0');
    await expect.poll(diskTile, { timeout: 10_000 }).toContain('Con espacio');
  }, 90_000);
});
