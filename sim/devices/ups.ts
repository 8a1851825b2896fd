// Simulated UPS on mains: load and runtime drift a little, as a real unit's readings do, so the
// status bar shows live values. Mains failures are played by the Megatec simulator
// (sim/ups/megatec.ts) in front of the real serial driver.
import { CellDevice, StatusCell } from '../../electron/platform/device';
import type { Clock } from '../../electron/platform/clock';

export const SIM_UPS_TICK_MS = 5_000;

export class SimulatedUps extends CellDevice {
  readonly kind = 'ups' as const;
  private timer: NodeJS.Timeout | undefined;
  private load = 18;

  constructor(clock: Clock) {
    super(
      new StatusCell(clock, {
        kind: 'ups',
        driver: 'simulated',
        name: 'UPS simulado 1500 VA',
        state: 'online',
        health: 'ok',
        values: {
          chargePercent: 100,
          runtimeSeconds: 2400,
          loadPercent: 18,
          inputVoltage: 127,
          outputVoltage: 127,
        },
        lastError: null,
      }),
    );
  }

  override start(): void {
    this.timer = setInterval(() => {
      this.load = Math.max(10, Math.min(30, this.load + Math.round(Math.random() * 4 - 2)));
      this.cell.set({
        state: 'online',
        health: 'ok',
        values: {
          ...this.cell.get().values,
          loadPercent: this.load,
          runtimeSeconds: Math.round(43_200 / this.load),
        },
      });
    }, SIM_UPS_TICK_MS);
    this.timer.unref();
  }

  override async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}
