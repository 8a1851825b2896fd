// The operator cancels a scan (F10/Esc) while the feeder is still moving: the scanner really stops
// (no further sheet is pulled; SANE's scanimage is gone), the scan ends as cancelled, and the acta
// is as it was — still recibida, no current pages — and can be scanned again at once.
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { key, operator, receive } from '../../workflow/fixture';
import { rig, sheets } from './fixture';
import { SimulatedScanner } from '../../../../sim/devices/scanner';
import type { ScannerDriver } from '../../../../electron/capture/scanners/types';
import { tempDir } from '../../../helpers/temp';
import { clock, slowSaneScanner, waitFor } from '../scanners/helpers';

let sc: ScannerDriver | undefined;
afterEach(async () => sc?.stop());

it('stops the simulated feeder after the page in hand and leaves the acta recibida', async () => {
  const r = rig();
  const k = key(4101);
  const sim = new SimulatedScanner(clock, {
    config: { pageDelayMs: 400, sheetsInFeeder: 10, sheetsPerActa: 3 },
    pageSource: sheets([{ key: k }]),
  });
  sc = sim;
  const a = receive(r.s, k).acta;
  expect(await r.pipeline.cancelScan(a.id)).toBe(false); // nothing running yet
  const scanning = r.pipeline.scanActa(a.id, sim, { actor: operator, version: a.version });
  await waitFor(() => r.events.some((e) => e.type === 'pageChecked'), 20_000, 'first page checked');
  expect(r.events.find((e) => e.type === 'pageReceived')).toMatchObject({ position: 1, expected: 3 });
  const receivedAtCancel = r.events.filter((e) => e.type === 'pageReceived').length;
  expect(await r.pipeline.cancelScan(a.id)).toBe(true);
  const result = await scanning;

  expect(result).toMatchObject({
    kind: 'cancelled',
    acta: { state: 'recibida', pageCount: 0, scanning: false },
  });
  // The feeder stopped before the acta's third sheet (a sheet already through the rollers while the
  // first page was judged is not stored: only the page in hand was).
  expect(sim.status()).toMatchObject({ state: 'ready' });
  expect(sim.status().values.sheetsInFeeder).toBeGreaterThan(7);
  // The page in hand at the cancel is finished; none is taken after it.
  expect(r.events.filter((e) => e.type === 'pageReceived')).toHaveLength(receivedAtCancel);
  expect(r.s.wf.history(a.id).at(-1)).toMatchObject({
    action: 'acta.scanEnd',
    details: { outcome: 'cancelled' },
  });

  const again = await r.pipeline.scanActa(a.id, sim, {
    actor: operator,
    version: result.kind === 'cancelled' ? result.acta.version : 0,
  });
  expect(again.kind).toBe('digitalizada');
  expect(r.s.wf.get(a.id).acta.pageCount).toBe(3);
}, 60_000);

it('stops scanimage (SANE test backend) mid-batch through the pipeline', async () => {
  const r = rig();
  const work = tempDir();
  const sane = slowSaneScanner(work);
  sc = sane;
  const a = receive(r.s, key(4102)).acta;
  const scanning = r.pipeline.scanActa(a.id, sane, {
    actor: operator,
    version: a.version,
    request: { resolutionDpi: 75 },
  });
  await waitFor(() => r.events.some((e) => e.type === 'pageReceived'), 20_000, 'first page');
  // SANE's feeder cannot say how many sheets it holds: the screen says "Página 1", not "de N".
  expect(r.events.find((e) => e.type === 'pageReceived')).toMatchObject({ expected: null });
  expect(fs.readdirSync(work)).toHaveLength(1); // scanimage's batch folder while it runs
  await r.pipeline.cancelScan(a.id);
  const result = await scanning;
  expect(result).toMatchObject({ kind: 'cancelled', acta: { state: 'recibida', pageCount: 0 } });
  await waitFor(() => fs.readdirSync(work).length === 0, 5_000, 'scanimage gone, its folder removed');
  expect(sane.status()).toMatchObject({ state: 'ready' });
  expect(r.events.filter((e) => e.type === 'pageReceived').length).toBeLessThan(10);
}, 60_000);
