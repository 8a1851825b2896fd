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
  /** What feeds the load: mains, or the battery (training plays a cut; `low`: nearly empty). */
  private supply: 'mains' | 'battery' | 'low' = 'mains';

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
      this.show();
    }, SIM_UPS_TICK_MS);
    this.timer.unref();
  }

  /**
   * Mains cut (`battery`), the battery nearly empty (`low`: a few minutes left, as a unit reports
   * just before its low-battery alarm), or mains back: what a training scenario plays.
   */
  setSupply(supply: 'mains' | 'battery' | 'low'): void {
    this.supply = supply;
    this.show();
  }

  private show(): void {
    const runtime = Math.round(43_200 / this.load);
    const values = { ...this.cell.get().values, loadPercent: this.load };
    switch (this.supply) {
      case 'mains':
        this.cell.set({
          state: 'online',
          health: 'ok',
          values: { ...values, runtimeSeconds: runtime, chargePercent: 100, inputVoltage: 127 },
        });
        return;
      case 'battery':
        this.cell.set({
          state: 'on_battery',
          health: 'warning',
          values: {
            ...values,
            runtimeSeconds: Math.round(runtime * 0.8),
            chargePercent: 80,
            inputVoltage: 0,
          },
        });
        return;
      case 'low':
        this.cell.set({
          state: 'battery_low',
          health: 'fault',
          values: { ...values, runtimeSeconds: 180, chargePercent: 12, inputVoltage: 0 },
        });
    }
  }

  override async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}
