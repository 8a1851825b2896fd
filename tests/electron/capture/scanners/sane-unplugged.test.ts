// The configured scanner is not there (unplugged, powered off): the probe shows it disconnected,
// a scan fails as disconnected, and when it shows up again the probe brings it back to ready.
import { afterEach, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { SaneScanner } from '../../../../electron/capture/scanners/sane/sane-driver';
import { tempDir } from '../../../helpers/temp';
import { clock, saneTestConfigDir } from './helpers';

let d: SaneScanner | undefined;
afterEach(async () => {
  await d?.stop();
});

it('shows disconnected while the backend has no such unit, ready once it returns', async () => {
  const conf = saneTestConfigDir();
  const testConf = path.join(conf, 'test.conf');
  const twoUnits = fs.readFileSync(testConf, 'utf8');
  // The backend offers only test:0, so our unit test:1 is "unplugged".
  fs.writeFileSync(testConf, twoUnits.replace(/^number_of_devices.*$/m, 'number_of_devices 1'));
  d = new SaneScanner({ device: 'test:1', saneConfigDir: conf }, { clock, workDir: tempDir() });
  await d.probe();
  expect(d.status()).toMatchObject({
    state: 'disconnected',
    health: 'offline',
    lastError: 'scanner.error.disconnected',
  });
  const outcome = await d.scan({ source: 'feeder', resolutionDpi: 75 }).done;
  expect(outcome).toMatchObject({ kind: 'failed', pages: 0, state: 'disconnected' });

  fs.writeFileSync(testConf, twoUnits);
  await d.probe();
  expect(d.status()).toMatchObject({ state: 'ready', health: 'ok', lastError: null });
});
