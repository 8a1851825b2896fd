// Simulated document scanner: the default scanner of `npm start` on a machine with no hardware.
// The capture issue deepens it (realistic actas with real defects); here it reports its state.
import { CellDevice, StatusCell } from '../../electron/app/device';
import type { Clock } from '../../electron/app/clock';

export class SimulatedScanner extends CellDevice {
  readonly kind = 'scanner' as const;

  constructor(clock: Clock) {
    super(
      new StatusCell(clock, {
        kind: 'scanner',
        driver: 'simulated',
        name: 'Escáner simulado (ADF, carta, 300 ppp)',
        state: 'ready',
        health: 'ok',
        values: { sheetsInFeeder: 50 },
        lastError: null,
      }),
    );
  }
}
