// The acopio label printer's configuration, embedded in the station config under
// `devices.printer` (discriminated by `driver`): none; simulated (a ZPL printer simulated on
// loopback, for `npm start`); zpl (a label printer's raw port 9100); zpl-usb (a label printer on
// USB, raw, through its device file); cups (a queue the OS knows).
import { z } from 'zod';

export const PrinterConfigSchema = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('none') }).strict(),
  z.object({ driver: z.literal('simulated') }).strict(),
  z
    .object({
      driver: z.literal('zpl'),
      host: z.string().min(1, 'dirección de la impresora (IP o nombre)'),
      port: z.number().int().min(1).max(65535).default(9100),
    })
    .strict(),
  z
    .object({
      driver: z.literal('zpl-usb'),
      /** Linux's usblp device, e.g. /dev/usb/lp0 (or a udev rule's stable link to it). */
      device: z.string().regex(/^\/[^\0]{1,255}$/, 'ruta absoluta del dispositivo, p. ej. /dev/usb/lp0'),
    })
    .strict(),
  z
    .object({
      driver: z.literal('cups'),
      /** Queue name as `lpstat -p` lists it. */
      queue: z.string().regex(/^[A-Za-z0-9_.-]{1,127}$/, 'nombre de cola de CUPS (lpstat -p)'),
      /** "host:port" of a scheduler other than the OS's default. */
      server: z
        .string()
        .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'host:puerto')
        .optional(),
      sheet: z.enum(['letter', 'a4']).default('letter'),
    })
    .strict(),
]);
export type PrinterConfig = z.infer<typeof PrinterConfigSchema>;
