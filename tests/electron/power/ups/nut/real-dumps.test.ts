// Real units' variables (NUT Devices Dumps Library) served by the real dummy-ups + upsd: the
// client reads each unit's exact status tokens and readings, including ones it does not know.
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNut, type NutServer } from '../../../../helpers/nut';
import { nutMonitor } from './fixture';
import { waitForStatus } from '../support';
import type { UpsMonitor } from '../../../../../electron/power/ups/monitor';
import type { NutTransport } from '../../../../../electron/power/ups/nut/transport';

const DDL = path.join(import.meta.dirname, 'ddl');
const DUMPS = {
  es750: 'APC__Back-UPS_ES_750__usbhid-ups__2.6.4__01.dev',
  smart2200: 'APC__Smart-UPS_2200__usbhid-ups__2.7.4__01.dev',
  eaton93ps: 'Eaton__93PS__snmp-ups__2.7.3-167-g0a00ddb__01.dev',
} as const;

describe('NUT client: real device dumps', () => {
  const servers: NutServer[] = [];
  const monitors: Record<string, UpsMonitor> = {};
  const transports: Record<string, NutTransport> = {};

  beforeAll(async () => {
    // Three real upsd/driver pairs at once: startup is mostly waiting, not CPU.
    const started = await Promise.allSettled(
      Object.entries(DUMPS).map(async ([key, file]) => {
        const nut = await startNut({ dev: fs.readFileSync(path.join(DDL, file), 'utf8') });
        servers.push(nut);
        const { monitor, transport } = nutMonitor(nut);
        monitors[key] = monitor;
        transports[key] = transport;
        monitor.start();
      }),
    );
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }, 30_000);

  afterAll(async () => {
    await Promise.all(Object.values(monitors).map((m) => m.stop()));
    await Promise.all(servers.map((s) => s.dispose()));
  });

  it('APC Back-UPS ES 750 "OL CHRG LB": battery low while on mains, not a shutdown', async () => {
    const s = await waitForStatus(monitors.es750!, (st) => st.state !== 'disconnected');
    expect(s).toMatchObject({ state: 'battery_low', name: 'American Power Conversion Back-UPS ES 750' });
    expect(s.values).toEqual({ chargePercent: 35, runtimeSeconds: 0, inputVoltage: 119, loadPercent: 42 });
    expect(monitors.es750!.reading()).toMatchObject({
      onBattery: false,
      lowBattery: true,
      shutdownImminent: false,
    });
  });

  it('APC Smart-UPS 2200 "OB DISCHRG": on battery with its readings', async () => {
    const s = await waitForStatus(monitors.smart2200!, (st) => st.state !== 'disconnected');
    expect(s).toMatchObject({
      state: 'on_battery',
      health: 'warning',
      name: 'American Power Conversion Smart-UPS 2200',
    });
    expect(s.values).toMatchObject({
      chargePercent: 93,
      inputVoltage: 0,
      outputVoltage: 220.4,
      loadPercent: 5.2,
    });
    expect(monitors.smart2200!.reading()).toMatchObject({ onBattery: true, lowBattery: false });
  });

  it('Eaton 93PS "ALARM OL": an unknown token is tolerated, the unit is online', async () => {
    const s = await waitForStatus(monitors.eaton93ps!, (st) => st.state !== 'disconnected');
    expect(s).toMatchObject({ state: 'online', name: 'Eaton Corporation PXGMS UPS + EATON 93PS' });
    expect(s.values).toMatchObject({
      chargePercent: 100,
      runtimeSeconds: 42114,
      frequencyHz: 50,
      temperatureC: 21,
    });
  });
});
