// Every fault the simulated scanner can show, each with the state and message the operator
// sees, and the operator's action that clears it (remove the sheet, load paper, close the cover,
// plug the cable back).
import { afterEach, expect, it } from 'vitest';
import { SimulatedScanner } from '../../../../sim/devices/scanner';
import { clock, drain } from './helpers';

let d: SimulatedScanner | undefined;
afterEach(async () => {
  await d?.stop();
});

const fast = { pageDelayMs: 0 };
const batch = { source: 'feeder', resolutionDpi: 75 } as const;

it('jams at the configured sheet, keeps earlier pages, and clears when the operator removes it', async () => {
  d = new SimulatedScanner(clock, { config: { ...fast, sheetsInFeeder: 10, faults: { jamAtPage: 3 } } });
  const { pages, outcome } = await drain(d.scan(batch));
  expect(pages).toHaveLength(2);
  expect(outcome).toEqual({ kind: 'failed', pages: 2, state: 'jammed', error: 'scanner.error.jammed' });
  expect(d.status()).toMatchObject({ state: 'jammed', health: 'fault', values: { sheetsInFeeder: 8 } });
  expect((await d.scan(batch).done).kind).toBe('failed'); // still jammed
  d.clearJam();
  expect(d.status().state).toBe('ready');
  expect(await d.scan(batch).done).toEqual({ kind: 'completed', pages: 8 });
});

it('an empty feeder is feeder_empty until sheets are loaded', async () => {
  d = new SimulatedScanner(clock, { config: { ...fast, sheetsInFeeder: 0 } });
  expect(await d.scan(batch).done).toEqual({
    kind: 'failed',
    pages: 0,
    state: 'feeder_empty',
    error: 'scanner.error.feederEmpty',
  });
  expect(d.status()).toMatchObject({ state: 'feeder_empty', health: 'warning' });
  // The glass still works with an empty tray.
  expect(await d.scan({ ...batch, source: 'flatbed' }).done).toEqual({ kind: 'completed', pages: 1 });
  d.loadFeeder(2);
  expect(d.status().state).toBe('ready');
  expect(await d.scan(batch).done).toEqual({ kind: 'completed', pages: 2 });
});

it('cover open refuses to scan until closed', async () => {
  d = new SimulatedScanner(clock, { config: { ...fast, faults: { coverOpen: true } } });
  expect(d.status()).toMatchObject({ state: 'cover_open', lastError: 'scanner.error.coverOpen' });
  expect(await d.scan(batch).done).toMatchObject({ kind: 'failed', state: 'cover_open' });
  d.setCoverOpen(false);
  expect(await d.scan({ ...batch, maxPages: 1 }).done).toEqual({ kind: 'completed', pages: 1 });
});

it('disconnects mid-batch and stays disconnected until plugged in', async () => {
  d = new SimulatedScanner(clock, { config: { ...fast, faults: { disconnectAtPage: 2 } } });
  const { pages, outcome } = await drain(d.scan(batch));
  expect(pages).toHaveLength(1);
  expect(outcome).toEqual({ kind: 'failed', pages: 1, state: 'disconnected', error: 'scanner.error.io' });
  expect(await d.listDevices()).toEqual({ ok: true, value: [] });
  expect(d.status()).toMatchObject({ state: 'disconnected', health: 'offline' });
  d.plugIn();
  expect(d.status().state).toBe('ready');
  expect(await d.scan({ ...batch, maxPages: 2 }).done).toEqual({ kind: 'completed', pages: 2 });
});

it('faults can be armed at run time (for the UI demo)', async () => {
  d = new SimulatedScanner(clock, { config: fast });
  d.setFaults({ jamAtPage: 1 });
  expect(await d.scan(batch).done).toMatchObject({ kind: 'failed', pages: 0, state: 'jammed' });
});
