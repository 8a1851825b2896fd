// The simulated scanner of `npm start`: real images from its page source, sheets leave the
// feeder one by one (the status bar counts them), and a plugged-in page source is used as is.
import { afterEach, expect, it } from 'vitest';
import sharp from 'sharp';
import { SimulatedScanner } from '../../../../sim/devices/scanner';
import { clock, drain, waitFor } from './helpers';

let d: SimulatedScanner | undefined;
afterEach(async () => {
  await d?.stop();
});

it('starts ready with 50 sheets, as the status bar has always shown it', () => {
  d = new SimulatedScanner(clock);
  expect(d.status()).toMatchObject({
    kind: 'scanner',
    driver: 'simulated',
    state: 'ready',
    values: { sheetsInFeeder: 50 },
  });
});

it('scans the feeder with the default plain page at the requested resolution', async () => {
  d = new SimulatedScanner(clock, { config: { sheetsInFeeder: 3, pageDelayMs: 5 } });
  const seen: number[] = [];
  d.onStatus((s) => seen.push(s.values.sheetsInFeeder!));
  const { pages, outcome } = await drain(d.scan({ source: 'feeder', resolutionDpi: 75, mode: 'gray' }));
  expect(outcome).toEqual({ kind: 'completed', pages: 3 });
  const meta = await sharp(pages[0]!.bytes).metadata();
  expect([pages[0]!.format, meta.width, meta.height, meta.channels]).toEqual(['png', 638, 825, 1]);
  expect(seen).toEqual(expect.arrayContaining([2, 1, 0]));
  expect(d.status()).toMatchObject({ state: 'ready', values: { sheetsInFeeder: 0 } });
});

it('uses a plugged-in page source (the acta generator) for every sheet', async () => {
  const tiny = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
    .jpeg()
    .toBuffer();
  const asked: Array<[number, number]> = [];
  d = new SimulatedScanner(clock, {
    config: { pageDelayMs: 0 },
    pageSource: async (index, o) => {
      asked.push([index, o.resolutionDpi]);
      return { bytes: tiny, format: 'jpeg' };
    },
  });
  const { pages } = await drain(d.scan({ source: 'feeder', maxPages: 4 }));
  expect(asked).toEqual([
    [1, 300],
    [2, 300],
    [3, 300],
    [4, 300],
  ]);
  expect(pages.every((p) => p.format === 'jpeg' && Buffer.from(p.bytes).equals(tiny))).toBe(true);
});

it('cancel stops feeding: sheets not fed stay in the tray', async () => {
  d = new SimulatedScanner(clock, { config: { sheetsInFeeder: 20, pageDelayMs: 40 } });
  const got: number[] = [];
  const job = d.scan({ source: 'feeder', resolutionDpi: 75 }, (p) => got.push(p.index));
  await waitFor(() => got.length >= 2, 5_000, 'two pages');
  await job.cancel();
  const outcome = await job.done;
  expect(outcome.kind).toBe('cancelled');
  expect(d.status().values.sheetsInFeeder).toBe(20 - outcome.pages);
  expect(d.status().state).toBe('ready');
});
