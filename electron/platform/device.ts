// One small interface every device monitor implements (scanner, UPS, plant, disk space):
// it reports status changes as events and never throws at its caller for an expected failure.
import type { DeviceKind, DeviceState, DeviceStatus, Health } from '../../shared/domain';
import type { Clock } from './clock';

export interface DeviceMonitor {
  readonly kind: DeviceKind;
  status(): DeviceStatus;
  start(): void;
  stop(): Promise<void>;
  /** Called on every change of state or values. Returns an unsubscribe function. */
  onStatus(listener: (status: DeviceStatus) => void): () => void;
}

/** Keeps a driver's current status and tells listeners when it changes. */
export class StatusCell {
  private current: DeviceStatus;
  private readonly listeners = new Set<(s: DeviceStatus) => void>();

  constructor(
    private readonly clock: Clock,
    init: Omit<DeviceStatus, 'since'>,
  ) {
    this.current = { ...init, since: clock.now().toISOString() };
  }

  get(): DeviceStatus {
    return this.current;
  }

  set(next: {
    state: DeviceState;
    health: Health;
    values?: Record<string, number>;
    lastError?: string | null;
    name?: string;
  }): void {
    const prev = this.current;
    const changedState = prev.state !== next.state;
    const values = next.values ?? prev.values;
    const updated: DeviceStatus = {
      ...prev,
      state: next.state,
      health: next.health,
      values,
      name: next.name ?? prev.name,
      lastError: next.lastError === undefined ? prev.lastError : next.lastError,
      since: changedState ? this.clock.now().toISOString() : prev.since,
    };
    if (JSON.stringify(updated) === JSON.stringify(prev)) return;
    this.current = updated;
    for (const l of this.listeners) l(updated);
  }

  subscribe(listener: (s: DeviceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Base for drivers whose status lives in one StatusCell; they override start/stop as needed. */
export abstract class CellDevice implements DeviceMonitor {
  abstract readonly kind: DeviceKind;

  protected constructor(protected readonly cell: StatusCell) {}

  status(): DeviceStatus {
    return this.cell.get();
  }
  start(): void {}
  async stop(): Promise<void> {}
  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.cell.subscribe(listener);
  }
}
