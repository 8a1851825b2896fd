// Crash points kill the core only when a harness arms one exactly: a typo or a stray value in a
// production environment must never arm a kill.
import { expect, it } from 'vitest';
import { parseCrashSpec } from '../../../electron/platform/crash-points';

it('arms only a known point with a positive count', () => {
  expect(parseCrashSpec('blob.written:2')).toEqual({ point: 'blob.written', remaining: 2 });
  for (const bad of [
    undefined,
    '',
    'blob.written',
    'blob.writen:1',
    'blob.written:0',
    'blob.written:-1',
    'x:1',
  ])
    expect(parseCrashSpec(bad)).toBeNull();
});
