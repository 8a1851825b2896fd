// The UPS section of the station config: each driver's schema, its defaults and its errors.
import { describe, expect, it } from 'vitest';
import { UpsDriverConfigSchema } from '../../../../electron/power/ups/config';
import { createUpsMonitor } from '../../../../electron/power/ups';
import { systemClock } from '../../../../electron/platform/clock';
import { HID_LAYOUT_PRESETS } from '../../../../electron/power/ups/hid/report';

describe('UPS driver config', () => {
  it('fills the defaults of a Megatec unit: 2400 baud, 2 s polls', () => {
    expect(UpsDriverConfigSchema.parse({ driver: 'megatec', path: '/dev/ttyUSB0' })).toMatchObject({
      driver: 'megatec',
      path: '/dev/ttyUSB0',
      baudRate: 2400,
      pollIntervalMs: 2000,
      staleAfterMs: 10_000,
      disconnectAfterMs: 30_000,
    });
  });

  it('reads USB ids in hex as written on the label, and layout presets or custom maps', () => {
    const c = UpsDriverConfigSchema.parse({ driver: 'usbhid', vendorId: '0x0463', productId: 'FFFF' });
    expect(c).toMatchObject({ vendorId: 0x0463, productId: 0xffff, layout: 'eaton' });
    const custom = UpsDriverConfigSchema.parse({
      driver: 'usbhid',
      vendorId: 1,
      productId: 2,
      layout: HID_LAYOUT_PRESETS['byte-flags'].map((f) => ({ ...f })),
    });
    expect(Array.isArray(custom.driver === 'usbhid' && custom.layout)).toBe(true);
  });

  it('defaults NUT to localhost:3493 and refuses a UPS name that could inject a command', () => {
    expect(UpsDriverConfigSchema.parse({ driver: 'nut', ups: 'su700' })).toMatchObject({
      host: '127.0.0.1',
      port: 3493,
    });
    expect(UpsDriverConfigSchema.safeParse({ driver: 'nut', ups: 'su700\nLOGOUT' }).success).toBe(false);
  });

  it('names the wrong field', () => {
    const r = UpsDriverConfigSchema.safeParse({ driver: 'megatec', path: '', pollIntervalMs: 5, extra: 1 });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join('.') || i.code);
    expect(paths).toEqual(expect.arrayContaining(['path', 'pollIntervalMs']));
    expect(UpsDriverConfigSchema.safeParse({ driver: 'apcupsd' }).success).toBe(false);
  });

  it('builds a monitor for each driver without touching hardware until start()', async () => {
    for (const raw of [
      { driver: 'megatec', path: '/dev/null-ups' },
      { driver: 'usbhid', vendorId: 1, productId: 2 },
      { driver: 'nut', ups: 'x' },
    ]) {
      const m = createUpsMonitor(UpsDriverConfigSchema.parse(raw), { clock: systemClock });
      expect(m.status()).toMatchObject({
        kind: 'ups',
        driver: raw.driver === 'usbhid' ? 'usbhid' : raw.driver,
        state: 'disconnected',
      });
      await m.stop();
    }
  });
});
