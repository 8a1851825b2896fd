// Builds the configured label printer. The simulated one is a real ZPL driver talking to a
// simulated printer on loopback whose port the composition root hands in.
import type { Clock } from '../../platform/clock';
import type { PrinterConfig } from './config';
import { CupsPrinter } from './cups-printer';
import { NoPrinter, type LabelPrinter } from './types';
import { ZplPrinter } from './zpl-printer';
import { ZplUsbPrinter } from './zpl-usb-printer';

export function createPrinter(config: PrinterConfig, clock: Clock, simulatedPort?: number): LabelPrinter {
  switch (config.driver) {
    case 'none':
      return new NoPrinter(clock);
    case 'simulated':
      if (simulatedPort === undefined) return new NoPrinter(clock);
      return new ZplPrinter(clock, { host: '127.0.0.1', port: simulatedPort, name: 'ZPL simulada' });
    case 'zpl':
      return new ZplPrinter(clock, { host: config.host, port: config.port });
    case 'zpl-usb':
      return new ZplUsbPrinter(clock, { device: config.device });
    case 'cups':
      return new CupsPrinter(clock, {
        queue: config.queue,
        sheet: config.sheet,
        ...(config.server ? { server: config.server } : {}),
      });
    default:
      return assertNever(config);
  }
}

function assertNever(x: never): never {
  throw new Error(`unknown printer driver ${JSON.stringify(x)}`);
}
