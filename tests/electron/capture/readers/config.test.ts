import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../electron/platform/clock';
import { createMemoryLogger } from '../../../../electron/platform/logger';
import { CodeReaderConfigSchema, createCodeReader } from '../../../../electron/capture/readers/config';
import { enReaders, esMXReaders } from '../../../../shared/messages/readers';

describe('code reader configuration', () => {
  it('fills the defaults for a serial reader and a HID reader', () => {
    expect(CodeReaderConfigSchema.parse({ driver: 'serial', path: '/dev/ttyACM0' })).toMatchObject({
      baudRate: 9600,
      lineEnding: 'any',
    });
    expect(
      CodeReaderConfigSchema.parse({ driver: 'hid', vendorId: 0x05e0, productId: 0x1200 }),
    ).toMatchObject({
      layout: 'us',
      reportIdBytes: 0,
    });
  });

  it('refuses a HID reader with nothing to find it by, an unknown layout, and typos', () => {
    expect(CodeReaderConfigSchema.safeParse({ driver: 'hid' }).success).toBe(false);
    expect(
      CodeReaderConfigSchema.safeParse({ driver: 'hid', path: '/dev/hidraw0', layout: 'fr' }).success,
    ).toBe(false);
    expect(
      CodeReaderConfigSchema.safeParse({ driver: 'serial', path: '/dev/ttyACM0', baud: 9600 }).success,
    ).toBe(false);
  });

  it('a HID reader that is not plugged in is shown as not found (real node-hid, hidraw), not a crash', async () => {
    const reader = createCodeReader(
      CodeReaderConfigSchema.parse({ driver: 'hid', vendorId: 0xfffe, productId: 0xfffe }),
      { clock: systemClock, logger: createMemoryLogger() },
    );
    reader.start();
    const deadline = Date.now() + 3_000;
    while (reader.status().lastError !== 'reader.error.notFound' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await reader.stop();
    expect(reader.status()).toMatchObject({
      driver: 'hid',
      state: 'disconnected',
      lastError: 'reader.error.notFound',
    });
  });

  it('every reader.* key the drivers can emit exists in Spanish and English', () => {
    const dir = path.resolve('electron/capture/readers');
    const source = fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const keys = new Set([...source.matchAll(/'(reader\.(?:error|status)\.[A-Za-z]+)'/g)].map((m) => m[1]!));
    for (const p of ['tooLong', 'garbled', 'incomplete']) keys.add(`reader.error.${p}`);
    expect(keys.size).toBeGreaterThanOrEqual(8);
    const get = (o: object, k: string) =>
      k.split('.').reduce<unknown>((x, s) => (x as Record<string, unknown> | undefined)?.[s], o);
    for (const k of keys) {
      expect(typeof get(esMXReaders, k), `es-MX ${k}`).toBe('string');
      expect(typeof get(enReaders, k), `en ${k}`).toBe('string');
    }
  });
});
