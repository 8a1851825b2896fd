// A station without SANE installed (or a wrong path): shown as an error with a message for the
// supervisor, from both the probe and a scan; nothing throws.
import { afterEach, expect, it } from 'vitest';
import { SaneScanner } from '../../../../electron/capture/scanners/sane/sane-driver';
import { tempDir } from '../../../helpers/temp';
import { clock } from './helpers';

let d: SaneScanner | undefined;
afterEach(async () => {
  await d?.stop();
});

it('reports scanimage missing instead of crashing', async () => {
  d = new SaneScanner({ scanimagePath: '/nonexistent/scanimage' }, { clock, workDir: tempDir() });
  expect(await d.listDevices()).toEqual({ ok: false, error: 'scanner.error.saneMissing' });
  await d.probe();
  expect(d.status()).toMatchObject({
    state: 'error',
    health: 'fault',
    lastError: 'scanner.error.saneMissing',
  });
  const outcome = await d.scan({ source: 'feeder' }).done;
  expect(outcome).toEqual({ kind: 'failed', pages: 0, state: 'error', error: 'scanner.error.saneMissing' });
});
