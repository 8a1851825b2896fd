// Configuration of the station's code reader, validated like the rest of the station config.
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { KeyboardLayoutSchema } from './hid-layouts';
import { HidKeyboardReader, nodeHidOpener } from './hid-reader';
import { LINE_ENDINGS } from './line-assembler';
import { READER_RECONNECT_INITIAL_MS, READER_RECONNECT_MAX_MS, type CodeReader } from './reader';
import { SerialCodeReader } from './serial-reader';

const ReconnectSchema = z
  .object({
    initialMs: z.number().int().min(10).default(READER_RECONNECT_INITIAL_MS),
    maxMs: z.number().int().min(10).default(READER_RECONNECT_MAX_MS),
  })
  .strict()
  .default({ initialMs: READER_RECONNECT_INITIAL_MS, maxMs: READER_RECONNECT_MAX_MS });

const usbId = z.number().int().min(0).max(0xffff);

export const HidReaderConfigSchema = z
  .object({
    driver: z.literal('hid'),
    name: z.string().min(1).default('Lector de códigos'),
    /** Which reader: vendor/product id (from `lsusb`), or a hidraw path such as /dev/hidraw3. */
    vendorId: usbId.optional(),
    productId: usbId.optional(),
    path: z.string().min(1).optional(),
    /** The keyboard layout the reader was programmed for (its manual's "keyboard language"). */
    layout: KeyboardLayoutSchema.default('us'),
    /** 1 if the device prefixes its reports with a report id. */
    reportIdBytes: z.union([z.literal(0), z.literal(1)]).default(0),
    reconnect: ReconnectSchema,
  })
  .strict()
  .refine((c) => c.path !== undefined || c.vendorId !== undefined, 'indique path o vendorId/productId');

export const SerialReaderConfigSchema = z
  .object({
    driver: z.literal('serial'),
    name: z.string().min(1).default('Lector de códigos'),
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(9600),
    /** What ends a scan; 'any' accepts CR, LF and CR LF. */
    lineEnding: z.enum(LINE_ENDINGS).default('any'),
    reconnect: ReconnectSchema,
  })
  .strict();

export const CodeReaderConfigSchema = z.discriminatedUnion('driver', [
  HidReaderConfigSchema,
  SerialReaderConfigSchema,
]);
export type CodeReaderConfig = z.infer<typeof CodeReaderConfigSchema>;
export type CodeReaderConfigInput = z.input<typeof CodeReaderConfigSchema>;

export function createCodeReader(
  config: CodeReaderConfig,
  deps: { clock: Clock; logger: Logger },
): CodeReader {
  const logger = deps.logger.child({ device: 'reader' });
  switch (config.driver) {
    case 'hid':
      return new HidKeyboardReader(
        {
          name: config.name,
          layout: config.layout,
          reportIdBytes: config.reportIdBytes,
          reconnect: config.reconnect,
          open: nodeHidOpener({ vendorId: config.vendorId, productId: config.productId, path: config.path }),
        },
        { clock: deps.clock, logger },
      );
    case 'serial':
      return new SerialCodeReader(
        {
          name: config.name,
          path: config.path,
          baudRate: config.baudRate,
          lineEnding: config.lineEnding,
          reconnect: config.reconnect,
        },
        { clock: deps.clock, logger },
      );
  }
}
