// A plant controller on a real pty: socat pair, simulated DSE slave on one end, the Modbus
// driver on the other, with test-sized timings (the defaults are seconds).
import { systemClock } from '../../../../electron/platform/clock';
import { createMemoryLogger } from '../../../../electron/platform/logger';
import {
  ModbusPlantMonitor,
  type PlantModbusConfigInput,
} from '../../../../electron/power/plant/modbus-plant';
import type { DeviceStatus } from '../../../../shared/domain';
import { SimulatedGenset, startPlantSlave, type PlantSlave } from '../../../../sim/plant/modbus-slave';
import { startPtyPair, type PtyPair } from '../../../helpers/pty';
import { afterEach } from 'vitest';

export const FAST_TIMINGS = { startDelayMs: 150, crankMs: 150, cooldownMs: 300 };

export interface PlantRig {
  pair: PtyPair;
  slave: PlantSlave;
  monitor: ModbusPlantMonitor;
  log: ReturnType<typeof createMemoryLogger>;
  /** Every status the monitor published, in order. */
  seen: DeviceStatus[];
  waitFor(pred: (s: DeviceStatus) => boolean, what: string, timeoutMs?: number): Promise<DeviceStatus>;
  /** Starts a fresh slave on the device end (after a replug). */
  restartSlave(): Promise<PlantSlave>;
}

const rigs = new Set<PlantRig>();
afterEach(async () => {
  for (const rig of rigs) {
    await rig.monitor.stop();
    await rig.slave.close();
  }
  rigs.clear();
});

export async function startPlantRig(config: Partial<PlantModbusConfigInput> = {}): Promise<PlantRig> {
  const pair = await startPtyPair();
  const genset = new SimulatedGenset(FAST_TIMINGS);
  let slave = await startPlantSlave({ path: pair.b, genset });
  const log = createMemoryLogger();
  const monitor = new ModbusPlantMonitor(
    {
      driver: 'modbus',
      path: pair.a,
      pollIntervalMs: 50,
      responseTimeoutMs: 150,
      interRequestDelayMs: 0,
      maxMissedPolls: 2,
      reconnect: { initialMs: 50, maxMs: 200 },
      ...config,
    },
    { clock: systemClock, logger: log },
  );
  const seen: DeviceStatus[] = [];
  monitor.onStatus((s) => seen.push(s));
  const rig: PlantRig = {
    pair,
    get slave() {
      return slave;
    },
    monitor,
    log,
    seen,
    waitFor(pred, what, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        if (pred(monitor.status())) return resolve(monitor.status());
        const timer = setTimeout(() => {
          off();
          reject(new Error(`plant never reached "${what}"; last: ${JSON.stringify(monitor.status())}`));
        }, timeoutMs);
        const off = monitor.onStatus((s) => {
          if (pred(s)) {
            clearTimeout(timer);
            off();
            resolve(s);
          }
        });
      });
    },
    async restartSlave() {
      await slave.close();
      slave = await startPlantSlave({ path: pair.b, genset });
      return slave;
    },
  };
  rigs.add(rig);
  monitor.start();
  return rig;
}
