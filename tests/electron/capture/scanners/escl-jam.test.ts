// The feeder jams on the third sheet: the two sheets already out are kept, the batch fails as
// jammed, the status bar shows it, and it clears once the device reports the tray fine again.
import { expect, it } from 'vitest';
import { drain } from './helpers';
import { esclPair } from './escl-helpers';

it('keeps the pages before the jam and shows jammed until the device clears', async () => {
  const { sim, scanner } = await esclPair({ sheetsInFeeder: 5, faults: { jamAtPage: 3 } });
  const { pages, outcome } = await drain(scanner.scan({ source: 'feeder', resolutionDpi: 75 }));
  expect(pages).toHaveLength(2);
  expect(outcome).toEqual({ kind: 'failed', pages: 2, state: 'jammed', error: 'scanner.error.jammed' });
  expect(scanner.status()).toMatchObject({
    state: 'jammed',
    health: 'fault',
    lastError: 'scanner.error.jammed',
  });

  await scanner.probe();
  expect(scanner.status().state).toBe('jammed');

  sim.faults = {};
  sim.sheetsInFeeder = 3; // the operator removed the sheet and reloaded
  await scanner.probe();
  expect(scanner.status()).toMatchObject({ state: 'ready', lastError: null });
});
