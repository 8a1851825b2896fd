// A device that answers 503 (busy) a few times: the driver waits and asks again, and the batch
// succeeds; a device busy for longer than the give-up time is shown busy, not hung.
import { expect, it } from 'vitest';
import { drain } from './helpers';
import { esclPair } from './escl-helpers';

it('retries with back-off after 503 and then scans', async () => {
  const { sim, scanner } = await esclPair({ sheetsInFeeder: 2, faults: { busyResponses: 3 } });
  const { outcome } = await drain(scanner.scan({ source: 'feeder', resolutionDpi: 75 }));
  expect(outcome).toEqual({ kind: 'completed', pages: 2 });
  expect(sim.requests.filter((r) => r === 'POST /eSCL/ScanJobs')).toHaveLength(4);
});

it('gives up on a device that stays busy', async () => {
  const { scanner } = await esclPair({ faults: { busyResponses: 1_000 } }, { busyGiveUpMs: 700 });
  const started = Date.now();
  const outcome = await scanner.scan({ source: 'feeder', resolutionDpi: 75 }).done;
  expect(outcome).toEqual({ kind: 'failed', pages: 0, state: 'error', error: 'scanner.error.deviceBusy' });
  expect(Date.now() - started).toBeLessThan(3_000);
});
