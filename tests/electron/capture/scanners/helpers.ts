// Shared by the scanner tests: a private SANE config that offers only the `test` backend with a
// letter-size bed, and a way to drain a job while recording when each page arrived.
import fs from 'node:fs';
import path from 'node:path';
import { systemClock } from '../../../../electron/platform/clock';
import type { ScanJob, ScanOutcome, ScannedPage } from '../../../../electron/capture/scanners/types';
import { tempDir } from '../../../helpers/temp';
import { SaneScanner } from '../../../../electron/capture/scanners/sane/sane-driver';

/** SANE_CONFIG_DIR holding dll.conf = test and /etc/sane.d/test.conf with geometry_max 300 mm. */
export function saneTestConfigDir(): string {
  const dir = tempDir('catd-sane-conf-');
  fs.writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
  const stock = fs.readFileSync('/etc/sane.d/test.conf', 'utf8');
  fs.writeFileSync(path.join(dir, 'test.conf'), stock.replace(/^geometry_max.*$/m, 'geometry_max 300.0'));
  return dir;
}

export const clock = systemClock;

/**
 * The SANE test backend with a slow transfer (~0.3 s a page at 75 dpi), working in `workDir`: a
 * batch is still running when a test cancels it.
 */
export function slowSaneScanner(workDir: string): SaneScanner {
  return new SaneScanner(
    {
      device: 'test',
      saneConfigDir: saneTestConfigDir(),
      extraArgs: [
        '--read-limit=yes',
        '--read-limit-size',
        '8192',
        '--read-delay=yes',
        '--read-delay-duration',
        '20000',
      ],
    },
    { clock, workDir },
  );
}

export async function drain(job: ScanJob): Promise<{ pages: ScannedPage[]; outcome: ScanOutcome }> {
  const pages: ScannedPage[] = [];
  for await (const p of job.pages) pages.push(p);
  return { pages, outcome: await job.done };
}

/** Resolves when `pred` holds, polling; fails the test after `ms`. */
export async function waitFor(pred: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Writes an executable shell script standing in for a misbehaving scanimage. */
export function fakeProgram(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}
