// A device (or a captive portal squatting its address) that answers nonsense: a typed
// "bad answer" error in the status bar, never an exception.
import { expect, it } from 'vitest';
import { esclPair } from './escl-helpers';
import { parseCapabilities, parseStatus } from '../../../../electron/capture/scanners/escl/escl-xml';

it('garbage instead of XML is shown as a bad answer', async () => {
  const { scanner } = await esclPair({ faults: { garbage: '<html><body>Bienvenido al portal</body>' } });
  await scanner.probe();
  expect(scanner.status()).toMatchObject({ state: 'error', health: 'fault' });
  expect(scanner.status().lastError).toMatch(/^scanner\.error\.badAnswer:/);
  const outcome = await scanner.scan({ source: 'feeder' }).done;
  expect(outcome).toMatchObject({ kind: 'failed', state: 'error' });
});

it('the parsers return typed errors for malformed, wrong-shaped and unknown-state documents', () => {
  expect(parseStatus('<<<')).toEqual({ ok: false, error: 'scanner.error.badAnswer:xml' });
  expect(parseStatus('<ScannerStatus><State>Sleeping</State></ScannerStatus>')).toEqual({
    ok: false,
    error: 'scanner.error.badAnswer:schema',
  });
  expect(parseCapabilities('<Other/>')).toEqual({ ok: false, error: 'scanner.error.badAnswer:schema' });
  expect(
    parseStatus('<s:ScannerStatus xmlns:s="x"><s:State>Idle</s:State><s:Jobs/></s:ScannerStatus>'),
  ).toEqual({
    ok: true,
    value: { state: 'Idle', adfState: undefined, jobs: [] },
  });
});
