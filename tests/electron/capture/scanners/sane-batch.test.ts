// Real SANE `test` backend through scanimage: a feeder batch comes out page by page, in order,
// with the requested geometry and mode, and the status bar goes ready → scanning → ready.
import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { SaneScanner } from '../../../../electron/capture/scanners/sane/sane-driver';
import { createMemoryLogger } from '../../../../electron/platform/logger';
import { tempDir } from '../../../helpers/temp';
import { clock, drain, saneTestConfigDir } from './helpers';

const drivers: SaneScanner[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
});

function scanner(extraArgs: string[] = []): SaneScanner {
  const d = new SaneScanner(
    {
      device: 'test',
      saneConfigDir: saneTestConfigDir(),
      extraArgs: ['--test-picture', 'Grid', ...extraArgs],
    },
    { clock, log: createMemoryLogger(), workDir: tempDir() },
  );
  drivers.push(d);
  return d;
}

describe('SANE driver against the test backend', () => {
  it('lists the test devices with vendor and model', async () => {
    const listed = await scanner().listDevices();
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    expect(listed.value.map((d) => d.id)).toEqual(['test:0', 'test:1']);
    expect(listed.value[0]!.name).toBe('Noname frontend-tester');
  });

  it('probe finds the configured unit and shows it ready with its model name', async () => {
    const d = scanner();
    await d.probe();
    expect(d.status()).toMatchObject({ state: 'ready', health: 'ok', name: 'Noname frontend-tester' });
  });

  it('scans a gray letter batch from the feeder, delivering each page as it arrives', async () => {
    const d = scanner();
    const states: string[] = [];
    d.onStatus((s) => states.push(s.state));
    const viaCallback: number[] = [];
    const job = d.scan(
      { source: 'feeder', resolutionDpi: 100, mode: 'gray', pageSize: 'letter', maxPages: 3 },
      (p) => viaCallback.push(p.index),
    );
    const { pages, outcome } = await drain(job);
    expect(outcome).toEqual({ kind: 'completed', pages: 3 });
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3]);
    expect(viaCallback).toEqual([1, 2, 3]);
    for (const p of pages) {
      expect(p.format).toBe('png');
      const meta = await sharp(p.bytes).metadata();
      // 216 mm × 279 mm at 100 dpi (the test backend rounds to whole millimetres).
      expect(meta.width).toBe(850);
      expect(meta.height).toBe(1098);
      expect(meta.channels).toBe(1);
    }
    expect(states).toEqual(['scanning', 'ready']);
    expect(d.status()).toMatchObject({ state: 'ready', lastError: null });
  });

  it('without a page limit scans until the feeder runs out (10 sheets) and ends normally', async () => {
    const d = scanner();
    const { pages, outcome } = await drain(d.scan({ source: 'feeder', resolutionDpi: 75 }));
    expect(outcome).toEqual({ kind: 'completed', pages: 10 });
    expect(pages).toHaveLength(10);
    expect(d.status().state).toBe('ready');
  });

  it('scans one colour page from the glass', async () => {
    const d = scanner();
    const { pages, outcome } = await drain(d.scan({ source: 'flatbed', resolutionDpi: 75, mode: 'color' }));
    expect(outcome).toEqual({ kind: 'completed', pages: 1 });
    const meta = await sharp(pages[0]!.bytes).metadata();
    expect(meta.channels).toBe(3);
  });

  it('refuses a second batch while one runs, without disturbing the first', async () => {
    const d = scanner([
      '--read-limit=yes',
      '--read-limit-size',
      '16384',
      '--read-delay=yes',
      '--read-delay-duration',
      '20000',
    ]);
    const first = d.scan({ source: 'feeder', resolutionDpi: 75, maxPages: 2 });
    const second = await d.scan({ source: 'feeder' }).done;
    expect(second).toMatchObject({ kind: 'failed', error: 'scanner.error.busy' });
    expect((await first.done).kind).toBe('completed');
  });
});
