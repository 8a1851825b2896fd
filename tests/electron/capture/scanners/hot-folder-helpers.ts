import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import sharp from 'sharp';
import { HotFolderScanner } from '../../../../electron/capture/scanners/hot-folder/hot-folder-driver';
import type { HotFolderScannerConfigInput } from '../../../../electron/capture/scanners/config';
import { tempDir } from '../../../helpers/temp';
import { clock } from './helpers';

const drivers: HotFolderScanner[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
});

export function hotFolder(config: Partial<Omit<HotFolderScannerConfigInput, 'driver'>> = {}): {
  folder: string;
  scanner: HotFolderScanner;
} {
  const folder = config.folder ?? tempDir('catd-hot-');
  const scanner = new HotFolderScanner(
    { settleMs: 150, batchIdleMs: 600, firstPageTimeoutMs: 3_000, pollIntervalMs: 30, ...config, folder },
    { clock },
  );
  drivers.push(scanner);
  return { folder, scanner };
}

/** A small but real PNG page, distinct per n. */
export async function pngPage(n: number): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 260, channels: 3, background: { r: n, g: n, b: n } } })
    .toColourspace('b-w')
    .png()
    .toBuffer();
}

export function write(folder: string, name: string, bytes: Uint8Array): string {
  const f = path.join(folder, name);
  fs.writeFileSync(f, bytes);
  return f;
}
