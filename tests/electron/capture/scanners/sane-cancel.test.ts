// Cancelling a SANE batch mid-way: the pages already out are kept, scanimage is stopped (its
// batch folder is gone), the scanner is ready again and a new batch can start.
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { SaneScanner } from '../../../../electron/capture/scanners/sane/sane-driver';
import { tempDir } from '../../../helpers/temp';
import { clock, saneTestConfigDir, waitFor } from './helpers';

let d: SaneScanner | undefined;
afterEach(async () => {
  await d?.stop();
});

it('cancel after the first page stops scanimage and keeps that page', async () => {
  const work = tempDir();
  d = new SaneScanner(
    {
      device: 'test',
      saneConfigDir: saneTestConfigDir(),
      // Slow transfer: ~0.3 s per page, so the batch is still running when we cancel.
      extraArgs: [
        '--read-limit=yes',
        '--read-limit-size',
        '8192',
        '--read-delay=yes',
        '--read-delay-duration',
        '20000',
      ],
    },
    { clock, workDir: work },
  );
  const got: number[] = [];
  const job = d.scan({ source: 'feeder', resolutionDpi: 75 }, (p) => got.push(p.index));
  await waitFor(() => got.length >= 1, 10_000, 'first page');
  expect(fs.readdirSync(work)).toHaveLength(1); // scanimage's batch folder exists while it runs
  await job.cancel();
  const outcome = await job.done;
  expect(outcome.kind).toBe('cancelled');
  expect(outcome.pages).toBeGreaterThanOrEqual(1);
  expect(outcome.pages).toBeLessThan(10);
  await waitFor(() => fs.readdirSync(work).length === 0, 2_000, 'batch folder removed');
  expect(d.status()).toMatchObject({ state: 'ready', lastError: null });

  const again = await d.scan({ source: 'flatbed', resolutionDpi: 75 }).done;
  expect(again).toEqual({ kind: 'completed', pages: 1 });
});
