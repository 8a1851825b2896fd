// Decoding HID Power Device feature reports: recorded bytes of a real unit, the Eaton layout,
// and every way a report can be wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HID_LAYOUT_PRESETS,
  HidLayoutSchema,
  decodeHidReports,
  interpretHidFields,
  reportLengths,
  type HidLayout,
} from '../../../../../electron/power/ups/hid/report';

const reports = (...list: number[][]) => new Map(list.map((b) => [b[0]!, Uint8Array.from(b)]));

describe('HID report decoding', () => {
  it('decodes the recorded reports of a real unit (usbhid-ups -DDD: 06 64 e4 08 / 01 01 00 01 00 01 00 00)', () => {
    const layout = [...HID_LAYOUT_PRESETS['byte-flags']];
    const d = decodeHidReports(
      layout,
      reports([0x06, 0x64, 0xe4, 0x08], [0x01, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    );
    expect(d).toEqual({
      ok: true,
      value: {
        ACPresent: 1,
        BelowRemainingCapacityLimit: 0,
        Charging: 1,
        Discharging: 0,
        RemainingCapacity: 100,
        RunTimeToEmpty: 2276,
      },
    });
    if (!d.ok) return;
    expect(interpretHidFields(d.value)).toEqual({
      flags: {
        onBattery: false,
        lowBattery: false,
        replaceBattery: false,
        overload: false,
        bypass: false,
        fault: false,
        shutdownImminent: false,
      },
      values: { chargePercent: 100, runtimeSeconds: 2276 },
    });
  });

  it('Eaton layout: bit flags in 0x01, 32-bit runtime in 0x06, load at bit 40 of 0x07 (on battery, low)', () => {
    const layout = [...HID_LAYOUT_PRESETS.eaton];
    // ACPresent 0, BelowRemainingCapacityLimit 1, Discharging 1, NeedReplacement 1 → 0b1001_0010; Overload 0.
    // Charge 8 %, runtime 70 000 s (0x00011170), load 37 %, output 115 V: readings of the size a unit gives.
    const d = decodeHidReports(
      layout,
      reports(
        [0x01, 0b1001_0010, 0x00],
        [0x06, 8, 0x70, 0x11, 0x01, 0x00],
        [0x07, 0, 0, 0, 0, 0, 37, 0],
        [0x0e, 115, 0],
      ),
    );
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const { flags, values } = interpretHidFields(d.value);
    expect(flags).toMatchObject({
      onBattery: true,
      lowBattery: true,
      replaceBattery: true,
      overload: false,
      fault: false,
    });
    expect(values).toEqual({ chargePercent: 8, runtimeSeconds: 70_000, loadPercent: 37, outputVoltage: 115 });
  });

  it('names the problem with a short report, a wrong report id or a missing report', () => {
    const layout = [...HID_LAYOUT_PRESETS['byte-flags']];
    expect(decodeHidReports(layout, reports([0x06, 0x64], [0x01, 1, 0, 1, 0]))).toMatchObject({
      ok: false,
      error: { code: 'short_report', reportId: 0x06 },
    });
    expect(
      decodeHidReports(
        layout,
        new Map([
          [0x01, Uint8Array.from([0x01, 1, 0, 1, 0])],
          [0x06, Uint8Array.from([0x07, 0x64, 0xe4, 0x08])],
        ]),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'wrong_report_id', reportId: 0x06 },
    });
    expect(decodeHidReports(layout, reports([0x06, 0x64, 0xe4, 0x08]))).toMatchObject({
      ok: false,
      error: { code: 'missing_report', reportId: 0x01 },
    });
  });

  it('applies scale and offset (a temperature in kelvin, a voltage in decivolts)', () => {
    const layout = HidLayoutSchema.parse([
      { field: 'ACPresent', reportId: 2, bitOffset: 0, bitSize: 1 },
      { field: 'Temperature', reportId: 3, bitOffset: 0, bitSize: 16, offset: -273.15 },
      { field: 'InputVoltage', reportId: 3, bitOffset: 16, bitSize: 16, scale: 0.1 },
    ]);
    const d = decodeHidReports(layout, reports([2, 1], [3, 0x30, 0x01, 0xcc, 0x08]));
    expect(d.ok && interpretHidFields(d.value).values).toEqual({ temperatureC: 30.85, inputVoltage: 225.2 });
  });

  it('rejects a layout that cannot tell mains from battery, or names a field twice', () => {
    expect(
      HidLayoutSchema.safeParse([{ field: 'RemainingCapacity', reportId: 6, bitOffset: 0, bitSize: 8 }])
        .success,
    ).toBe(false);
    expect(
      HidLayoutSchema.safeParse([
        { field: 'ACPresent', reportId: 1, bitOffset: 0, bitSize: 1 },
        { field: 'ACPresent', reportId: 2, bitOffset: 0, bitSize: 1 },
      ]).success,
    ).toBe(false);
  });

  it('reads back any value written at any bit offset (little-endian, LSB first)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 32 }),
        fc.nat(),
        (bitOffset, bitSize, seed) => {
          const value = seed % 2 ** bitSize;
          const layout: HidLayout = [
            { field: 'ACPresent', reportId: 9, bitOffset, bitSize, scale: 1, offset: 0 },
          ];
          const len = reportLengths(layout).get(9)!;
          const bytes = new Uint8Array(len);
          bytes[0] = 9;
          for (let i = 0; i < bitSize; i++) {
            if (Math.floor(value / 2 ** i) % 2)
              bytes[1 + ((bitOffset + i) >> 3)]! |= 1 << ((bitOffset + i) & 7);
          }
          const d = decodeHidReports(layout, new Map([[9, bytes]]));
          expect(d.ok && d.value.ACPresent).toBe(value);
        },
      ),
    );
  });
});
