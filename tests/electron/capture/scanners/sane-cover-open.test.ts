// SANE fault injection: the test backend answers sane_read with SANE_STATUS_COVER_OPEN. The batch
// ends as a value, the status bar shows cover_open with its message, and a later probe (which cannot
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

it('shows cover_open with what to do, and keeps it through a probe', async () => {
  d = new SaneScanner(
    {
      device: 'test',
      saneConfigDir: saneTestConfigDir(),
      extraArgs: ['--read-return-value', 'SANE_STATUS_COVER_OPEN'],
    },
    { clock, workDir: tempDir() },
  );
  const { pages, outcome } = await drain(d.scan({ source: 'feeder', resolutionDpi: 75, maxPages: 3 }));
  expect(pages).toHaveLength(0);
  expect(outcome).toEqual({
    kind: 'failed',
    pages: 0,
    state: 'cover_open',
    error: 'scanner.error.coverOpen',
  });
  expect(d.status()).toMatchObject({
    state: 'cover_open',
    health: 'warning',
    lastError: 'scanner.error.coverOpen',
  });
  expect(esMXScanner.scanner.action.cover_open).toMatch(/tapa/i);

  await d.probe();
  expect(d.status().state).toBe('cover_open');
});
