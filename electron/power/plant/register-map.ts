// Where a generator controller keeps each reading, as configuration. The default is the Deep Sea
// Electronics GenComm layout (address = page × 256 + offset, holding registers, FC 3):
//   page 3 offset 6     status flags (shutdown / electrical trip / warning / control unit failure)
//   page 4 offset 3     fuel level, %
//   page 4 offset 5     engine battery voltage, 0.1 V
//   page 4 offset 6     engine speed, RPM
//   page 4 offset 7     generator frequency, 0.1 Hz
//   page 4 offset 8–9   generator L1-N voltage, 32-bit high word first, 0.1 V
//   page 4 offset 35    mains frequency, 0.1 Hz
//   page 4 offset 36–37 mains L1-N voltage, 32-bit high word first, 0.1 V
// Offsets 0–13 of page 4 and the page 3 flags follow russss/dsemon (src/gencomm.py,
// get_basic_instrumentation and get_alarm), a monitor that reads real DSE controllers over RS485;
// the mains offsets (35–37) and the "page × 256 + offset, 32-bit high word first, sentinels
// 0xFFF8–0xFFFF mean no reading" rules follow the GenComm page-4 notes of the DSE86xx map in
// nobrega8/mbmap-library. Check them against the controller's own GenComm document before a
// site goes live: everything here can be overridden in the station configuration.
import { z } from 'zod';

/** Highest number of registers one FC 3/4 request may ask for (Modbus application protocol). */
export const MODBUS_MAX_READ_REGISTERS = 125;
/** Registers between two wanted ones that we read anyway to save a round trip. */
export const MAX_GAP_IN_BLOCK = 16;

export const RegisterSpecSchema = z
  .object({
    /** Zero-based address as sent on the wire (GenComm: page × 256 + offset). */
    address: z.number().int().min(0).max(65535),
    /** 3 = holding registers, 4 = input registers. */
    functionCode: z.union([z.literal(3), z.literal(4)]).default(3),
    words: z.union([z.literal(1), z.literal(2)]).default(1),
    signed: z.boolean().default(false),
    /** Engineering value = raw × scale (GenComm 0.1 V is scale 0.1). */
    scale: z.number().positive().default(1),
    /** For 32-bit values: which register holds the high word. */
    wordOrder: z.enum(['high-first', 'low-first']).default('high-first'),
  })
  .strict()
  .refine((r) => r.address + r.words - 1 <= 65535, 'el registro sale del rango de direcciones');
export type RegisterSpec = z.infer<typeof RegisterSpecSchema>;

export const ALARM_SEVERITIES = ['shutdown', 'trip', 'warning'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

export const AlarmSpecSchema = z
  .object({
    /** Stable code; the operator sees message key `plant.alarm.<code>`. */
    code: z.string().regex(/^[a-z][A-Za-z0-9]{0,31}$/, 'código en camelCase (a-z, A-Z, 0-9)'),
    address: z.number().int().min(0).max(65535),
    functionCode: z.union([z.literal(3), z.literal(4)]).default(3),
    /** The alarm is active when (register & mask) !== 0. */
    mask: z.number().int().min(1).max(0xffff),
    /** shutdown and trip stop the engine (state `alarm`); a warning only colours the status. */
    severity: z.enum(ALARM_SEVERITIES),
  })
  .strict();
export type AlarmSpec = z.infer<typeof AlarmSpecSchema>;

export const PLANT_VALUE_NAMES = [
  'mainsVoltage',
  'mainsFrequencyHz',
  'generatorVoltage',
  'generatorFrequencyHz',
  'engineRpm',
  'fuelPercent',
  'engineBatteryVoltage',
] as const;
export type PlantValueName = (typeof PLANT_VALUE_NAMES)[number];

export const PlantRegisterMapSchema = z
  .object({
    values: z
      .object({
        /** The one reading without which the plant's state cannot be told. */
        engineRpm: RegisterSpecSchema,
        mainsVoltage: RegisterSpecSchema.optional(),
        mainsFrequencyHz: RegisterSpecSchema.optional(),
        generatorVoltage: RegisterSpecSchema.optional(),
        generatorFrequencyHz: RegisterSpecSchema.optional(),
        fuelPercent: RegisterSpecSchema.optional(),
        engineBatteryVoltage: RegisterSpecSchema.optional(),
      })
      .strict(),
    alarms: z.array(AlarmSpecSchema).max(64).default([]),
    /**
     * GenComm marks "no reading" with the top eight raw values (0xFFF8–0xFFFF unsigned,
     * 0x7FF8–0x7FFF signed, and the 32-bit equivalents). When on, such a value is left out
     * instead of showing 6553.5 V.
     */
    genCommSentinels: z.boolean().default(false),
  })
  .strict();
export type PlantRegisterMap = z.infer<typeof PlantRegisterMapSchema>;
export type PlantRegisterMapInput = z.input<typeof PlantRegisterMapSchema>;

const GENCOMM_PAGE = 256;
const gc = (page: number, offset: number) => page * GENCOMM_PAGE + offset;

/** Deep Sea Electronics GenComm (DSE 7xxx/8xxx family and compatibles). */
export const DSE_GENCOMM_MAP: PlantRegisterMap = PlantRegisterMapSchema.parse({
  values: {
    fuelPercent: { address: gc(4, 3) },
    engineBatteryVoltage: { address: gc(4, 5), scale: 0.1 },
    engineRpm: { address: gc(4, 6) },
    generatorFrequencyHz: { address: gc(4, 7), scale: 0.1 },
    generatorVoltage: { address: gc(4, 8), words: 2, scale: 0.1 },
    mainsFrequencyHz: { address: gc(4, 35), scale: 0.1 },
    mainsVoltage: { address: gc(4, 36), words: 2, scale: 0.1 },
  },
  // Page 3 offset 6, bit positions as dsemon reads them (bit 0 = least significant).
  alarms: [
    { code: 'controlUnitFailure', address: gc(3, 6), mask: 1 << 14, severity: 'shutdown' },
    { code: 'shutdown', address: gc(3, 6), mask: 1 << 13, severity: 'shutdown' },
    { code: 'electricalTrip', address: gc(3, 6), mask: 1 << 12, severity: 'trip' },
    { code: 'warning', address: gc(3, 6), mask: 1 << 11, severity: 'warning' },
  ],
  genCommSentinels: true,
});

/** One request: a run of consecutive registers read with one function code. */
export interface ReadBlock {
  functionCode: 3 | 4;
  start: number;
  length: number;
  /** Whether engineRpm lives here: if this block fails, the state is unknown. */
  essential: boolean;
}

interface Span {
  functionCode: 3 | 4;
  start: number;
  end: number; // exclusive
  essential: boolean;
}

/** Groups the wanted registers into as few requests as the protocol allows. */
export function planReadBlocks(map: PlantRegisterMap): ReadBlock[] {
  const spans: Span[] = [];
  for (const name of PLANT_VALUE_NAMES) {
    const spec = map.values[name];
    if (!spec) continue;
    spans.push({
      functionCode: spec.functionCode,
      start: spec.address,
      end: spec.address + spec.words,
      essential: name === 'engineRpm',
    });
  }
  for (const a of map.alarms) {
    spans.push({ functionCode: a.functionCode, start: a.address, end: a.address + 1, essential: false });
  }
  spans.sort((x, y) => x.functionCode - y.functionCode || x.start - y.start);
  const blocks: Span[] = [];
  for (const s of spans) {
    const last = blocks[blocks.length - 1];
    if (
      last &&
      last.functionCode === s.functionCode &&
      s.start <= last.end + MAX_GAP_IN_BLOCK &&
      Math.max(last.end, s.end) - last.start <= MODBUS_MAX_READ_REGISTERS
    ) {
      last.end = Math.max(last.end, s.end);
      last.essential ||= s.essential;
    } else {
      blocks.push({ ...s });
    }
  }
  return blocks.map((b) => ({
    functionCode: b.functionCode,
    start: b.start,
    length: b.end - b.start,
    essential: b.essential,
  }));
}

/** Registers read so far this poll, by function code and address. */
export type RegisterImage = ReadonlyMap<string, number>;
export const imageKey = (functionCode: 3 | 4, address: number) => `${functionCode}:${address}`;

const SENTINELS = 8;

/** Engineering value of one register spec, or null when absent or a "no reading" sentinel. */
export function decodeRegister(
  image: RegisterImage,
  spec: RegisterSpec,
  genCommSentinels: boolean,
): number | null {
  const w0 = image.get(imageKey(spec.functionCode, spec.address));
  if (w0 === undefined) return null;
  let raw: number;
  let bits: 16 | 32;
  if (spec.words === 1) {
    raw = w0 & 0xffff;
    bits = 16;
  } else {
    const w1 = image.get(imageKey(spec.functionCode, spec.address + 1));
    if (w1 === undefined) return null;
    const [hi, lo] = spec.wordOrder === 'high-first' ? [w0, w1] : [w1, w0];
    raw = (hi & 0xffff) * 0x10000 + (lo & 0xffff);
    bits = 32;
  }
  const full = bits === 16 ? 0xffff : 0xffffffff;
  const signedMax = bits === 16 ? 0x7fff : 0x7fffffff;
  if (genCommSentinels) {
    const top = spec.signed ? signedMax : full;
    if (raw > top - SENTINELS && raw <= top) return null;
  }
  const value = spec.signed && raw > signedMax ? raw - (full + 1) : raw;
  // Round away binary noise from the scale (0.1 × 1273 = 127.30000000000001).
  return Math.round(value * spec.scale * 1e6) / 1e6;
}

/** The active alarms, in map order (an alarm whose register was not read counts as inactive). */
export function decodeAlarms(image: RegisterImage, alarms: readonly AlarmSpec[]): AlarmSpec[] {
  return alarms.filter((a) => {
    const w = image.get(imageKey(a.functionCode, a.address));
    return w !== undefined && (w & a.mask) !== 0;
  });
}
