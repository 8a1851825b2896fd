// SANE fault injection: the test backend answers sane_read with SANE_STATUS_NO_DOCS. The batch
// ends as a value, the status bar shows feeder_empty with its message, and a later probe (which cannot
// see paper or cover) does not hide it.
import { afterEach, expect, it } from 'vitest';
import { SaneScanner } from '../../../../electron/capture/scanners/sane/sane-driver';
import { esMXScanner } from '../../../../shared/messages/scanner';
import { tempDir } from '../../../helpers/temp';
import { clock, drain, saneTestConfigDir } from './helpers';

let d: SaneScanner | undefined;
afterEach(async () => {
  await d?.stop();
});

it('shows feeder_empty with what to do, and keeps it through a probe', async () => {
  d = new SaneScanner(
    {
      device: 'test',
      saneConfigDir: saneTestConfigDir(),
      extraArgs: ['--read-return-value', 'SANE_STATUS_NO_DOCS'],
    },
    { clock, workDir: tempDir() },
  );
  const { pages, outcome } = await drain(d.scan({ source: 'feeder', resolutionDpi: 75, maxPages: 3 }));
  expect(pages).toHaveLength(0);
  expect(outcome).toEqual({
    kind: 'failed',
    pages: 0,
    state: 'feeder_empty',
    error: 'scanner.error.feederEmpty',
  });
  expect(d.status()).toMatchObject({
    state: 'feeder_empty',
    health: 'warning',
    lastError: 'scanner.error.feederEmpty',
  });
  expect(esMXScanner.scanner.action.feeder_empty).toMatch(/bandeja/i);

  await d.probe();
  expect(d.status().state).toBe('feeder_empty');
});
