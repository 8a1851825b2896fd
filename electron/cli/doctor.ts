// `catd doctor`: starts the configured devices and link probes for a few seconds and prints each
// with its state and last error, in words a technician can act on. Opens no database and serves
// nothing, so it can run beside a stopped station (not beside a running one: devices are opened).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, loadConfig, SIM_INTAKE_URL } from '../station/config';
import { systemClock } from '../platform/clock';
import { createDevices, createLabelPrinter } from '../app/devices';
import { createMemoryLogger } from '../platform/logger';
import { LinkMonitor, LINK_PROBE_TIMEOUT_MS } from '../transmit/link-monitor';
import { createCodeReader } from '../capture/readers/config';
import { translate } from '../../shared/messages/translate';
import type { DeviceStatus, Health, LinkStatus } from '../../shared/domain';

/** Devices get this long to connect and report before the doctor reads them. */
export const DOCTOR_SETTLE_MS = LINK_PROBE_TIMEOUT_MS + 1_000;

const MARK: Record<Health, string> = { ok: '✓', warning: '!', fault: '✕', offline: '✕', unknown: '?' };

interface Row {
  what: string;
  driver: string;
  health: Health;
  state: string;
  detail: string;
}

function deviceRow(d: DeviceStatus): Row {
  const values = Object.entries(d.values)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return {
    what: translate(`status.label.${d.kind}`),
    driver: d.driver,
    health: d.health,
    state: translate(`status.device.${d.state}`),
    detail: [d.name, d.lastError ? translate(d.lastError) : '', values].filter(Boolean).join(' · '),
  };
}

function linkRow(l: LinkStatus): Row {
  return {
    what: `${translate(`status.label.${l.role}`)} (${l.name})`,
    driver: 'https',
    health: l.health,
    state: translate(`status.link.${l.state}`),
    detail: [l.latencyMs !== null ? `${l.latencyMs} ms` : '', l.lastError ? translate(l.lastError) : '']
      .filter(Boolean)
      .join(' · '),
  };
}

/** Exit code: 0 when nothing is in fault or offline, 1 otherwise. */
export async function runDoctorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const dataDir = path.resolve(values.data ?? defaultDataDir());
  const { config, file } = loadConfig(dataDir, values.config);
  const log = createMemoryLogger();
  const devices = createDevices(config, systemClock, log);
  const links = new LinkMonitor(config.links, undefined, systemClock, log);
  const reader = config.devices.codeReader
    ? createCodeReader(config.devices.codeReader, { clock: systemClock, logger: log })
    : null;
  // The label printer is asked directly (~HS, lpstat): it answers within its own timeout.
  const labelPrinter = await createLabelPrinter(config, systemClock);
  for (const d of Object.values(devices)) d.start();
  labelPrinter.printer.start();
  reader?.start();
  links.start();
  await new Promise((r) => setTimeout(r, DOCTOR_SETTLE_MS));

  const rows: Row[] = [
    ...Object.values(devices).map((d) => deviceRow(d.status())),
    deviceRow(labelPrinter.printer.status()),
    ...links.list().map(linkRow),
  ];
  if (reader) {
    const s = reader.status();
    rows.push({
      what: translate('doctor.codeReader'),
      driver: s.driver,
      health: s.state === 'connected' ? 'ok' : 'offline',
      state: translate(`doctor.reader.${s.state}`),
      detail: [s.name, s.lastError ? translate(s.lastError) : ''].filter(Boolean).join(' · '),
    });
  }
  await Promise.all([
    ...Object.values(devices).map((d) => d.stop()),
    labelPrinter.printer.stop(),
    links.stop(),
    reader?.stop(),
  ]);
  await labelPrinter.close();

  const bad = rows.filter((r) => r.health === 'fault' || r.health === 'offline');
  if (values.json) {
    console.log(JSON.stringify({ station: config.station.id, configFile: file, rows }, null, 2));
  } else {
    console.log(`${translate('doctor.heading', { station: config.station.id })}  (${file})`);
    for (const r of rows) {
      console.log(
        `${MARK[r.health]} ${r.what.padEnd(34)} ${r.driver.padEnd(10)} ${r.state.padEnd(24)} ${r.detail}`,
      );
    }
    if (config.links.some((l) => l.url === SIM_INTAKE_URL)) console.log(translate('doctor.simIntakeNote'));
    console.log(bad.length ? translate('doctor.problems', { count: bad.length }) : translate('doctor.allOk'));
  }
  return bad.length ? 1 : 0;
}
