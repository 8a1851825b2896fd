// The device vanishes mid-job (power cut, Wi-Fi drop): the page already out is kept, the batch
// ends as disconnected, no promise is left rejected, and the monitor keeps showing disconnected.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { drain } from './helpers';
import { esclPair } from './escl-helpers';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

it('shows disconnected, keeps the delivered page and does not crash', async () => {
  const { scanner } = await esclPair({ sheetsInFeeder: 5, faults: { vanishAtPage: 2 } });
  const { pages, outcome } = await drain(scanner.scan({ source: 'feeder', resolutionDpi: 75 }));
  expect(pages).toHaveLength(1);
  expect(outcome).toMatchObject({ kind: 'failed', pages: 1, state: 'disconnected' });
  if (outcome.kind === 'failed') expect(outcome.error).toMatch(/^scanner\.error\.disconnected:/);
  expect(scanner.status()).toMatchObject({ state: 'disconnected', health: 'offline' });

  await scanner.probe();
  expect(scanner.status().state).toBe('disconnected');
  const again = await scanner.scan({ source: 'feeder', resolutionDpi: 75 }).done;
  expect(again).toMatchObject({ kind: 'failed', state: 'disconnected' });

  await new Promise((r) => setTimeout(r, 50));
  expect(unhandled).toEqual([]);
});
