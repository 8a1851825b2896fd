// Empty tray and open hatch on an eSCL device: the job is refused (409) and the driver asks the
// status why, so the operator sees "bandeja vacía" or "tapa abierta" rather than a bare error.
import { expect, it } from 'vitest';
import { esclPair } from './escl-helpers';

it('an empty feeder is feeder_empty, and reloading clears it', async () => {
  const { sim, scanner } = await esclPair({ sheetsInFeeder: 0 });
  const outcome = await scanner.scan({ source: 'feeder', resolutionDpi: 75 }).done;
  expect(outcome).toEqual({
    kind: 'failed',
    pages: 0,
    state: 'feeder_empty',
    error: 'scanner.error.feederEmpty',
  });
  await scanner.probe();
  expect(scanner.status()).toMatchObject({ state: 'feeder_empty', health: 'warning' });
  sim.sheetsInFeeder = 5;
  await scanner.probe();
  expect(scanner.status().state).toBe('ready');
});

it('an open hatch is cover_open', async () => {
  const { scanner } = await esclPair({ faults: { coverOpen: true } });
  const outcome = await scanner.scan({ source: 'feeder', resolutionDpi: 75 }).done;
  expect(outcome).toEqual({
    kind: 'failed',
    pages: 0,
    state: 'cover_open',
    error: 'scanner.error.coverOpen',
  });
  expect(scanner.status().state).toBe('cover_open');
});
