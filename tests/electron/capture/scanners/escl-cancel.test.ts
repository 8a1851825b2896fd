// Cancel during an eSCL batch: the driver sends DELETE for the job, keeps the pages already out,
// and the scanner is ready for the next batch.
import { expect, it } from 'vitest';
import { esclPair } from './escl-helpers';
import { waitFor } from './helpers';

it('sends DELETE for the job and ends cancelled', async () => {
  const { sim, scanner } = await esclPair({ sheetsInFeeder: 20, pageDelayMs: 150 });
  const got: number[] = [];
  const job = scanner.scan({ source: 'feeder', resolutionDpi: 75 }, (p) => got.push(p.index));
  await waitFor(() => got.length >= 1, 5_000, 'first page');
  await job.cancel();
  const outcome = await job.done;
  expect(outcome.kind).toBe('cancelled');
  expect(outcome.pages).toBeLessThan(20);
  const posted = sim.requests.filter((r) => r.startsWith('DELETE /eSCL/ScanJobs/'));
  expect(posted).toHaveLength(1);
  expect(scanner.status()).toMatchObject({ state: 'ready', lastError: null });
  await scanner.probe();
  expect(scanner.status().state).toBe('ready');
});
