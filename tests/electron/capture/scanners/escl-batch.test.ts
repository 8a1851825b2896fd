// eSCL happy path against the simulator: capabilities name the device, a feeder batch returns
// every sheet in the tray as it is scanned, and a flatbed scan returns one page.
import { expect, it } from 'vitest';
import sharp from 'sharp';
import { drain } from './helpers';
import { esclPair } from './escl-helpers';

it('lists the device by its make and model and shows it ready', async () => {
  const { scanner } = await esclPair({ makeAndModel: 'HP OfficeJet Sim 9020' });
  expect(await scanner.listDevices()).toMatchObject({
    ok: true,
    value: [{ name: 'HP OfficeJet Sim 9020' }],
  });
  await scanner.probe();
  expect(scanner.status()).toMatchObject({ state: 'ready', health: 'ok', name: 'HP OfficeJet Sim 9020' });
});

it('scans the whole feeder: pages in order, as requested, then 404 ends the job', async () => {
  const { sim, scanner } = await esclPair({ sheetsInFeeder: 3 });
  const { pages, outcome } = await drain(scanner.scan({ source: 'feeder', resolutionDpi: 75, mode: 'gray' }));
  expect(outcome).toEqual({ kind: 'completed', pages: 3 });
  expect(pages.map((p) => [p.index, p.format])).toEqual([
    [1, 'png'],
    [2, 'png'],
    [3, 'png'],
  ]);
  const meta = await sharp(pages[0]!.bytes).metadata();
  expect([meta.width, meta.height, meta.channels]).toEqual([638, 825, 1]);
  expect(sim.requests.filter((r) => r.endsWith('/NextDocument'))).toHaveLength(4);
  expect(sim.sheetsInFeeder).toBe(0);
  expect(scanner.status().state).toBe('ready');
});

it('stops at the page limit and releases the job with DELETE', async () => {
  const { sim, scanner } = await esclPair({ sheetsInFeeder: 10 });
  const { outcome } = await drain(scanner.scan({ source: 'feeder', resolutionDpi: 75, maxPages: 2 }));
  expect(outcome).toEqual({ kind: 'completed', pages: 2 });
  expect(sim.requests.at(-1)).toMatch(/^DELETE \/eSCL\/ScanJobs\//);
  expect(sim.sheetsInFeeder).toBe(8);
});

it('scans one colour JPEG page from the glass', async () => {
  const { scanner } = await esclPair({}, { documentFormat: 'image/jpeg' });
  const { pages, outcome } = await drain(
    scanner.scan({ source: 'flatbed', resolutionDpi: 100, mode: 'color' }),
  );
  expect(outcome).toEqual({ kind: 'completed', pages: 1 });
  expect(pages[0]!.format).toBe('jpeg');
  expect((await sharp(pages[0]!.bytes).metadata()).channels).toBe(3);
});

it('refuses a resolution the device does not offer, before starting a job', async () => {
  const { sim, scanner } = await esclPair();
  const outcome = await scanner.scan({ source: 'feeder', resolutionDpi: 1200 }).done;
  expect(outcome).toMatchObject({ kind: 'failed', error: 'scanner.error.unsupported' });
  expect(sim.requests.some((r) => r.startsWith('POST'))).toBe(false);
});
