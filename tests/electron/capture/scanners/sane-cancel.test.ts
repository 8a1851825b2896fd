// Cancelling a SANE batch mid-way: the pages already out are kept, scanimage is stopped (its
// batch folder is gone), the scanner is ready again and a new batch can start.
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../../helpers/temp';
import { slowSaneScanner, waitFor } from './helpers';
import type { SaneScanner } from '../../../../electron/capture/scanners/sane/sane-driver';

let d: SaneScanner | undefined;
afterEach(async () => {
  await d?.stop();
});

it('cancel after the first page stops scanimage and keeps that page', async () => {
  const work = tempDir();
  d = slowSaneScanner(work);
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
