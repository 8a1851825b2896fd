// Configuration of the UPS driver, one zod schema per driver, chosen by `driver` in the station's
// config file (devices.ups). Every option has a default fit for a real unit except what
// identifies the unit (serial path, USB ids, NUT host/name).
import { z } from 'zod';
import { UpsTimingSchema } from './monitor';
import { MEGATEC_BAUD_RATE, MEGATEC_REPLY_TIMEOUT_MS } from './megatec/transport';
import { HID_READ_TIMEOUT_MS } from './hid/transport';
import { HID_LAYOUT_PRESET_NAMES, HidLayoutSchema } from './hid/report';
import { NUT_UPS_NAME } from './nut/protocol';
import { NUT_CONNECT_TIMEOUT_MS, NUT_DEFAULT_PORT, NUT_REPLY_TIMEOUT_MS } from './nut/transport';

const timing = UpsTimingSchema.shape;

export const MegatecUpsConfigSchema = z
  .object({
    driver: z.literal('megatec'),
    /** Serial device: /dev/ttyUSB0, /dev/serial/by-id/..., COM3. */
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(MEGATEC_BAUD_RATE),
    replyTimeoutMs: z.number().int().min(50).max(30_000).default(MEGATEC_REPLY_TIMEOUT_MS),
    ...timing,
  })
  .strict();
export type MegatecUpsConfig = z.infer<typeof MegatecUpsConfigSchema>;

/** USB ids are written in hex in every datasheet and lsusb line: accept "0x0463", "0463" or 1123. */
const UsbId = z.union([
  z.number().int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'id USB en hexadecimal, p. ej. 0x0463')
    .transform((s) => parseInt(s.replace(/^0x/i, ''), 16)),
]);

export const HidUpsConfigSchema = z
  .object({
    driver: z.literal('usbhid'),
    vendorId: UsbId,
    productId: UsbId,
    /** hidraw path, only when two identical units are attached. */
    path: z.string().min(1).optional(),
    /** A preset name, or the unit's own report map (from `usbhid-ups -DDD`). */
    layout: z.union([z.enum(HID_LAYOUT_PRESET_NAMES), HidLayoutSchema]).default('eaton'),
    readTimeoutMs: z.number().int().min(50).max(30_000).default(HID_READ_TIMEOUT_MS),
    ...timing,
  })
  .strict();
export type HidUpsConfig = z.infer<typeof HidUpsConfigSchema>;

export const NutUpsConfigSchema = z
  .object({
    driver: z.literal('nut'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65_535).default(NUT_DEFAULT_PORT),
    /** The UPS name in upsd's ups.conf ([name]). */
    ups: z.string().regex(NUT_UPS_NAME, 'nombre de UPS de NUT: letras, dígitos, punto, guion'),
    connectTimeoutMs: z.number().int().min(50).max(60_000).default(NUT_CONNECT_TIMEOUT_MS),
    replyTimeoutMs: z.number().int().min(50).max(60_000).default(NUT_REPLY_TIMEOUT_MS),
    ...timing,
  })
  .strict();
export type NutUpsConfig = z.infer<typeof NutUpsConfigSchema>;

/** One of the real drivers; `simulated` stays in electron/app/config.ts. */
export const UpsDriverConfigSchema = z.discriminatedUnion('driver', [
  MegatecUpsConfigSchema,
  HidUpsConfigSchema,
  NutUpsConfigSchema,
]);
export type UpsDriverConfig = z.infer<typeof UpsDriverConfigSchema>;
