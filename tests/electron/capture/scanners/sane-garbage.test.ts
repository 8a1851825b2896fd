// A scanimage that misbehaves: prints nonsense instead of page names, or hangs silent. Each is
// a failed batch with a message, the process is gone, and the driver stays usable.
import { afterEach, expect, it } from 'vitest';
import { SaneScanner } from '../../../../electron/capture/scanners/sane/sane-driver';
import { tempDir } from '../../../helpers/temp';
import { clock, fakeProgram } from './helpers';

let d: SaneScanner | undefined;
afterEach(async () => {
  await d?.stop();
});

it('garbage on stdout is a damaged-page error, not a crash', async () => {
  const bin = tempDir();
  const fake = fakeProgram(
    bin,
    'scanimage',
    `head -c 300 /dev/urandom | tr -d '\\000'; echo; echo /nonexistent/p0001.png; exit 0`,
  );
  d = new SaneScanner({ scanimagePath: fake }, { clock, workDir: tempDir() });
  const outcome = await d.scan({ source: 'feeder' }).done;
  expect(outcome).toMatchObject({ kind: 'failed', state: 'error' });
  if (outcome.kind === 'failed') expect(outcome.error).toMatch(/^scanner\.error\.badPage/);
  expect(d.status().state).toBe('error');
});

it('a silent scanimage is killed after the page timeout and shown as a timeout', async () => {
  const bin = tempDir();
  const fake = fakeProgram(bin, 'scanimage', 'exec sleep 30');
  d = new SaneScanner({ scanimagePath: fake }, { clock, workDir: tempDir(), pageTimeoutMs: 300 });
  const started = Date.now();
  const outcome = await d.scan({ source: 'feeder' }).done;
  expect(outcome).toEqual({ kind: 'failed', pages: 0, state: 'error', error: 'scanner.error.timeout' });
  expect(Date.now() - started).toBeLessThan(5_000);
});
