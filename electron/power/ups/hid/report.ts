// USB HID Power Device Class: pure decoding of feature reports into UPS flags and values.
//
// A HID UPS describes its reports in a report descriptor; NUT's usbhid-ups parses it and prints,
// with -DDD, one line per usage: "Path: UPS.PowerSummary.RemainingCapacity, Type: Feature,
// ReportID: 0x06, Offset: 0, Size: 8". We do not parse descriptors: a layout (report id, bit
// offset and size per field) is configuration, with presets taken from such real dumps:
//
// - `eaton`: the usbhid-ups -DDD map of an Eaton unit (NUT's mge-hid subdriver), as quoted line
//   by line in the Eaton protocol header of an ESPHome `ups_hid` component (public code found by
//   search; the copy's repository was not pinned down): PresentStatus bits in report 0x01 (ACPresent bit 0,
//   BelowRemainingCapacityLimit 1, Charging 2, Discharging 4, InternalFailure 6, NeedReplacement 7,
//   Overload a byte at 8), RemainingCapacity and RunTimeToEmpty (32 bits) in 0x06, PercentLoad at
//   bit 40 of 0x07, Output.Voltage (16 bits) in 0x0e.
// - `byte-flags`: a unit whose usbhid-ups -DDD log (recorded raw bytes "06 64 e4 08" and
//   "01 01 00 01 00 01 00 00", published with its decoding) keeps one flag per byte in report
//   0x01 and RemainingCapacity + RunTimeToEmpty (16 bits) in 0x06.
//
// Bits are numbered from the first byte after the report id, least significant bit first, and
// multi-byte values are little-endian (HID 1.11 §6.2.2.4, §5.8).
import { z } from 'zod';
import type { UpsFlags, UpsValues } from '../types';
import { err, ok, type Result } from '../../../platform/result';

export const HID_UPS_FIELDS = [
  'ACPresent',
  'Charging',
  'Discharging',
  'BelowRemainingCapacityLimit',
  'ShutdownImminent',
  'NeedReplacement',
  'Overload',
  'InternalFailure',
  'RemainingCapacity',
  'RunTimeToEmpty',
  'PercentLoad',
  'InputVoltage',
  'OutputVoltage',
  'Frequency',
  'Temperature',
] as const;
export type HidUpsField = (typeof HID_UPS_FIELDS)[number];

/** Largest report a UPS sends (full-speed HID reports are at most 64 bytes). */
export const HID_MAX_REPORT_BYTES = 64;

export const HidFieldSpecSchema = z
  .object({
    field: z.enum(HID_UPS_FIELDS),
    reportId: z.number().int().min(1).max(255),
    bitOffset: z.number().int().min(0),
    bitSize: z.number().int().min(1).max(32),
    /** value × scale + offset: e.g. 0.1 for decivolts, offset −273.15 for a temperature in kelvin. */
    scale: z.number().finite().default(1),
    offset: z.number().finite().default(0),
  })
  .strict()
  .refine((f) => Math.ceil((f.bitOffset + f.bitSize) / 8) + 1 <= HID_MAX_REPORT_BYTES, {
    message: 'field ends beyond the largest HID report',
  });
export type HidFieldSpec = z.infer<typeof HidFieldSpecSchema>;

export const HidLayoutSchema = z
  .array(HidFieldSpecSchema)
  .min(1)
  .refine((l) => l.some((f) => f.field === 'ACPresent' || f.field === 'Discharging'), {
    message: 'a layout needs ACPresent or Discharging to tell mains from battery',
  })
  .refine((l) => new Set(l.map((f) => f.field)).size === l.length, { message: 'a field appears twice' });
export type HidLayout = z.infer<typeof HidLayoutSchema>;

const f = (field: HidUpsField, reportId: number, bitOffset: number, bitSize: number): HidFieldSpec => ({
  field,
  reportId,
  bitOffset,
  bitSize,
  scale: 1,
  offset: 0,
});

export const HID_LAYOUT_PRESETS = {
  eaton: [
    f('ACPresent', 0x01, 0, 1),
    f('BelowRemainingCapacityLimit', 0x01, 1, 1),
    f('Charging', 0x01, 2, 1),
    f('Discharging', 0x01, 4, 1),
    f('InternalFailure', 0x01, 6, 1),
    f('NeedReplacement', 0x01, 7, 1),
    f('Overload', 0x01, 8, 8),
    f('RemainingCapacity', 0x06, 0, 8),
    f('RunTimeToEmpty', 0x06, 8, 32),
    f('PercentLoad', 0x07, 40, 8),
    f('OutputVoltage', 0x0e, 0, 16),
  ],
  'byte-flags': [
    f('ACPresent', 0x01, 0, 8),
    f('BelowRemainingCapacityLimit', 0x01, 8, 8),
    f('Charging', 0x01, 16, 8),
    f('Discharging', 0x01, 24, 8),
    f('RemainingCapacity', 0x06, 0, 8),
    f('RunTimeToEmpty', 0x06, 8, 16),
  ],
} as const satisfies Record<string, HidLayout>;
export type HidLayoutPreset = keyof typeof HID_LAYOUT_PRESETS;
export const HID_LAYOUT_PRESET_NAMES = Object.keys(HID_LAYOUT_PRESETS) as [
  HidLayoutPreset,
  ...HidLayoutPreset[],
];

export type HidDecodeErrorCode = 'missing_report' | 'short_report' | 'wrong_report_id';
export interface HidDecodeError {
  code: HidDecodeErrorCode;
  reportId: number;
  detail: string;
}
export type HidFields = Partial<Record<HidUpsField, number>>;

/** Bytes each report must have (report id byte included) to hold every field the layout puts there. */
export function reportLengths(layout: HidLayout): Map<number, number> {
  const lengths = new Map<number, number>();
  for (const spec of layout) {
    const need = 1 + Math.ceil((spec.bitOffset + spec.bitSize) / 8);
    lengths.set(spec.reportId, Math.max(lengths.get(spec.reportId) ?? 0, need));
  }
  return lengths;
}

function readBits(data: Uint8Array, bitOffset: number, bitSize: number): number {
  let value = 0;
  for (let i = 0; i < bitSize; i++) {
    const bit = bitOffset + i;
    if ((data[bit >> 3]! >> (bit & 7)) & 1) value += 2 ** i;
  }
  return value;
}

/** Decodes feature reports (each starting with its report id byte, as hidraw returns them). */
export function decodeHidReports(
  layout: HidLayout,
  reports: ReadonlyMap<number, Uint8Array>,
): Result<HidFields, HidDecodeError> {
  const fields: HidFields = {};
  const lengths = reportLengths(layout);
  for (const [reportId, need] of lengths) {
    const bytes = reports.get(reportId);
    if (!bytes) return err({ code: 'missing_report', reportId, detail: 'not read' });
    if (bytes[0] !== reportId) {
      return err({
        code: 'wrong_report_id',
        reportId,
        detail: `first byte 0x${(bytes[0] ?? 0).toString(16)}`,
      });
    }
    if (bytes.length < need) {
      return err({ code: 'short_report', reportId, detail: `${bytes.length} of ${need} bytes` });
    }
  }
  for (const spec of layout) {
    const data = reports.get(spec.reportId)!.subarray(1);
    fields[spec.field] = readBits(data, spec.bitOffset, spec.bitSize) * spec.scale + spec.offset;
  }
  return ok(fields);
}

const VALUE_OF: Array<[HidUpsField, keyof UpsValues]> = [
  ['RemainingCapacity', 'chargePercent'],
  ['RunTimeToEmpty', 'runtimeSeconds'],
  ['PercentLoad', 'loadPercent'],
  ['InputVoltage', 'inputVoltage'],
  ['OutputVoltage', 'outputVoltage'],
  ['Frequency', 'frequencyHz'],
  ['Temperature', 'temperatureC'],
];

/** Protocol-neutral flags and values from decoded fields. */
export function interpretHidFields(fields: HidFields): { flags: UpsFlags; values: UpsValues } {
  const on = (name: HidUpsField) => (fields[name] ?? 0) !== 0;
  // ACPresent is the mains itself; Discharging alone can be a self-test on mains, so it only
  // decides when the unit does not report ACPresent.
  const onBattery = fields.ACPresent !== undefined ? fields.ACPresent === 0 : on('Discharging');
  const flags: UpsFlags = {
    onBattery,
    lowBattery: on('BelowRemainingCapacityLimit'),
    replaceBattery: on('NeedReplacement'),
    overload: on('Overload'),
    bypass: false,
    fault: on('InternalFailure'),
    shutdownImminent: on('ShutdownImminent'),
  };
  const values: UpsValues = {};
  for (const [field, name] of VALUE_OF) {
    const v = fields[field];
    if (v !== undefined) values[name] = Math.round(v * 100) / 100;
  }
  return { flags, values };
}
