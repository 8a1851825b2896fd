// Simulated emergency plant controller: mains present, engine stopped and ready (standby).
import { CellDevice, StatusCell } from '../../electron/platform/device';
import type { Clock } from '../../electron/platform/clock';

export class SimulatedPlant extends CellDevice {
  readonly kind = 'plant' as const;

  constructor(clock: Clock) {
    super(
      new StatusCell(clock, {
        kind: 'plant',
        driver: 'simulated',
        name: 'Planta de emergencia simulada',
        state: 'standby',
        health: 'ok',
        values: { mainsVoltage: 127, fuelPercent: 85, engineRpm: 0 },
        lastError: null,
      }),
    );
  }

  /** The engine starts and takes the load (mains absent), or mains comes back and it stops. */
  setRunning(running: boolean): void {
    this.cell.set(
      running
        ? {
            state: 'running',
            health: 'ok',
            values: { mainsVoltage: 0, mainsPresent: 0, fuelPercent: 85, engineRpm: 1800 },
          }
        : {
            state: 'standby',
            health: 'ok',
            values: { mainsVoltage: 127, mainsPresent: 1, fuelPercent: 85, engineRpm: 0 },
          },
    );
  }
}
