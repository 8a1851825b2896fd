// The station config picks the driver; the config schemas reject what a driver cannot use.
import { expect, it } from 'vitest';
import { ScannerConfigSchema, createScanner } from '../../../../electron/capture/scanners';
import { clock } from './helpers';
import { simulatedDevices } from '../../../../sim/compose';

it('builds each driver from its config, with defaults filled in', async () => {
  const configs = [
    { driver: 'sane', device: 'test' },
    { driver: 'escl', url: 'http://127.0.0.1:1/eSCL' },
    { driver: 'hot-folder', folder: '/tmp/nowhere-catd' },
    { driver: 'simulated' },
  ];
  const names = [];
  for (const raw of configs) {
    const s = createScanner(ScannerConfigSchema.parse(raw), {
      clock,
      simulated: (c) => simulatedDevices.scanner(c, { clock }),
    });
    names.push([s.driverName, s.status().driver, s.kind]);
    await s.stop();
  }
  expect(names).toEqual([
    ['sane', 'sane', 'scanner'],
    ['escl', 'escl', 'scanner'],
    ['hot-folder', 'hot-folder', 'scanner'],
    ['simulated', 'simulated', 'scanner'],
  ]);
});

it('builds a simulated scanner only through the factory the composition root hands in', () => {
  const simulated = ScannerConfigSchema.parse({ driver: 'simulated' });
  expect(() => createScanner(simulated, { clock })).toThrow(/no simulator was composed in/);
});

it('rejects unknown drivers, unknown options and non-http eSCL URLs', () => {
  expect(ScannerConfigSchema.safeParse({ driver: 'twain' }).success).toBe(false);
  expect(ScannerConfigSchema.safeParse({ driver: 'sane', colour: true }).success).toBe(false);
  expect(ScannerConfigSchema.safeParse({ driver: 'escl', url: 'file:///etc/passwd' }).success).toBe(false);
  expect(ScannerConfigSchema.parse({ driver: 'sane' })).toMatchObject({
    scanimagePath: 'scanimage',
    extraArgs: [],
  });
});
