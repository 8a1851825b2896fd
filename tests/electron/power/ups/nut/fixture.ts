// A NUT client monitor against a real upsd + dummy-ups pair (tests/helpers/nut.ts).
import { systemClock } from '../../../../../electron/platform/clock';
import { createMemoryLogger } from '../../../../../electron/platform/logger';
import { UpsMonitor, type UpsTiming } from '../../../../../electron/power/ups/monitor';
import { NutTransport } from '../../../../../electron/power/ups/nut/transport';
import type { NutServer } from '../../../../helpers/nut';

export const NUT_FAST_TIMING: UpsTiming = {
  pollIntervalMs: 200,
  staleAfterMs: 1_000,
  disconnectAfterMs: 3_000,
  reconnectMinMs: 100,
  reconnectMaxMs: 500,
};

export function nutMonitor(nut: NutServer, ups = nut.ups) {
  const log = createMemoryLogger();
  const transport = new NutTransport({ host: '127.0.0.1', port: nut.port, ups });
  const monitor = new UpsMonitor({ transport, clock: systemClock, logger: log, timing: NUT_FAST_TIMING });
  return { monitor, transport, log };
}

// dummy-ups 2.8.0 here drops the first line of its .dev file (the real dumps start with a comment).
export const OL_DEV = [
  '# catd test unit',
  'device.mfr: CATD Test',
  'device.model: Dummy 1500',
  'ups.status: OL CHRG',
  'battery.charge: 100',
  'battery.runtime: 2400',
  'input.voltage: 127.0',
  'output.voltage: 127.0',
  'input.frequency: 60.0',
  'ups.load: 18',
  'ups.temperature: 31.5',
  '',
].join('\n');
