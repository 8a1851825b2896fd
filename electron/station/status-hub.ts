// Gathers device and link statuses into one snapshot and streams every change to subscribers
// (every open screen's status bar, over the RPC event stream).
import { on } from 'node:events';
import { EventEmitter } from 'node:events';
import type { DeviceMonitor } from '../platform/device';
import type { LinkMonitor } from '../transmit/link-monitor';
import type { PowerManager } from '../power/power-manager';
import type { ClockStatus, StatusSnapshot } from '../../shared/domain';

/** The station clock's status (app/clock-status.ts). */
export interface ClockStatusSource {
  current(): ClockStatus;
  onChange(listener: (s: ClockStatus) => void): () => void;
}

export class StatusHub {
  private snapshot: StatusSnapshot;
  private readonly emitter = new EventEmitter();
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    station: StatusSnapshot['station'],
    devices: {
      scanner: DeviceMonitor;
      ups: DeviceMonitor;
      plant: DeviceMonitor;
      storage: DeviceMonitor;
      /** The acopio label printer, when the core builds one. */
      printer?: DeviceMonitor;
    },
    links: LinkMonitor,
    power: PowerManager,
    clock?: ClockStatusSource,
  ) {
    // Every open event stream is a listener; the default cap of 10 would warn with a few windows.
    this.emitter.setMaxListeners(0);
    this.snapshot = {
      station,
      devices: {
        scanner: devices.scanner.status(),
        ups: devices.ups.status(),
        plant: devices.plant.status(),
        storage: devices.storage.status(),
        ...(devices.printer ? { printer: devices.printer.status() } : {}),
      },
      links: links.list(),
      power: power.current(),
      ...(clock ? { clock: clock.current() } : {}),
      version: 1,
    };
    for (const kind of ['scanner', 'ups', 'plant', 'storage', 'printer'] as const) {
      const device = devices[kind];
      if (!device) continue;
      this.unsubscribers.push(
        device.onStatus((s) => this.update({ devices: { ...this.snapshot.devices, [kind]: s } })),
      );
    }
    this.unsubscribers.push(links.onChange((l) => this.update({ links: l })));
    this.unsubscribers.push(power.onChange((p) => this.update({ power: p })));
    if (clock) this.unsubscribers.push(clock.onChange((c) => this.update({ clock: c })));
  }

  current(): StatusSnapshot {
    return this.snapshot;
  }

  private update(patch: Partial<StatusSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, version: this.snapshot.version + 1 };
    this.emitter.emit('change', this.snapshot);
  }

  /** The current snapshot, then every later one, until the signal aborts. */
  async *stream(signal: AbortSignal | undefined): AsyncGenerator<StatusSnapshot> {
    const changes = on(this.emitter, 'change', signal ? { signal } : {});
    yield this.snapshot;
    try {
      for await (const [snap] of changes) yield snap as StatusSnapshot;
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  }

  close(): void {
    for (const u of this.unsubscribers) u();
    this.emitter.removeAllListeners();
  }
}
