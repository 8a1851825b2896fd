// The UPS drivers behind one interface: build a monitor from a validated config.
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { UpsDriverConfig } from './config';
import { UpsMonitor, type UpsTiming } from './monitor';
import { MegatecTransport, type SerialPortLike } from './megatec/transport';
import { HidTransport, type HidOpener } from './hid/transport';
import { HID_LAYOUT_PRESETS } from './hid/report';
import { NutTransport } from './nut/transport';
import type { UpsTransport } from './types';

export { UpsMonitor } from './monitor';
export * from './config';
export type { UpsReading, UpsEvent, UpsEventType, UpsValues, UpsState } from './types';

export interface UpsDeps {
  clock: Clock;
  logger?: Logger;
  /** Test seams: a fake serial port or HID device instead of the native ones. */
  openSerialPort?: (path: string, baudRate: number) => SerialPortLike;
  openHid?: HidOpener;
}

export function createUpsTransport(
  config: UpsDriverConfig,
  deps: Omit<UpsDeps, 'clock' | 'logger'> = {},
): UpsTransport {
  switch (config.driver) {
    case 'megatec':
      return new MegatecTransport({
        path: config.path,
        baudRate: config.baudRate,
        replyTimeoutMs: config.replyTimeoutMs,
        ...(deps.openSerialPort ? { openPort: deps.openSerialPort } : {}),
      });
    case 'usbhid':
      return new HidTransport({
        vendorId: config.vendorId,
        productId: config.productId,
        ...(config.path ? { path: config.path } : {}),
        layout: typeof config.layout === 'string' ? [...HID_LAYOUT_PRESETS[config.layout]] : config.layout,
        readTimeoutMs: config.readTimeoutMs,
        ...(deps.openHid ? { open: deps.openHid } : {}),
      });
    case 'nut':
      return new NutTransport({
        host: config.host,
        port: config.port,
        ups: config.ups,
        connectTimeoutMs: config.connectTimeoutMs,
        replyTimeoutMs: config.replyTimeoutMs,
      });
    default: {
      const never: never = config;
      throw new Error(`unknown UPS driver ${JSON.stringify(never)}`);
    }
  }
}

export function createUpsMonitor(config: UpsDriverConfig, deps: UpsDeps): UpsMonitor {
  const timing: UpsTiming = {
    pollIntervalMs: config.pollIntervalMs,
    staleAfterMs: config.staleAfterMs,
    disconnectAfterMs: config.disconnectAfterMs,
    reconnectMinMs: config.reconnectMinMs,
    reconnectMaxMs: config.reconnectMaxMs,
  };
  return new UpsMonitor({
    transport: createUpsTransport(config, deps),
    clock: deps.clock,
    timing,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}
