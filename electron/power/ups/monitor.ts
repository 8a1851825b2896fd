// Runs one UPS driver (a UpsTransport) as a DeviceMonitor: polls, derives the state the
// operator sees, notices silence (data_stale, then disconnected), reopens the link with backoff,
// and turns changes into events and normalized readings for the power-aware workflow.
// Everything a device can do wrong ends here as a state; nothing escapes as a throw or rejection.
import { z } from 'zod';
import { CellDevice, StatusCell } from '../../platform/device';
import type { Clock } from '../../platform/clock';
import type { LogEventAt, Logger } from '../../platform/logger';
import { err, type Result } from '../../platform/result';
import { deriveUpsState, isShutdownImminent, upsHealth } from './state';
import {
  NO_FLAGS,
  type UpsEvent,
  type UpsEventType,
  type UpsFault,
  type UpsFlags,
  type UpsObservation,
  type UpsReading,
  type UpsState,
  type UpsTransport,
  type UpsValues,
} from './types';
import { backoffMs } from '../../platform/backoff';

/** How often a connected unit is asked for its status. */
export const UPS_POLL_INTERVAL_MS = 2_000;
/** With no usable answer for this long the readings are shown as not current. */
export const UPS_STALE_AFTER_MS = 10_000;
/** With no usable answer for this long the link is closed and reopened (USB-serial adapters wedge). */
export const UPS_DISCONNECT_AFTER_MS = 30_000;
/** First retry after a failed open; doubled on each further failure up to the max. */
export const UPS_RECONNECT_MIN_MS = 1_000;
export const UPS_RECONNECT_MAX_MS = 30_000;

/** Timing every driver's config accepts; defaults suit a real unit on a CATD workstation. */
export const UpsTimingSchema = z.object({
  pollIntervalMs: z.number().int().min(50).max(600_000).default(UPS_POLL_INTERVAL_MS),
  staleAfterMs: z.number().int().min(50).default(UPS_STALE_AFTER_MS),
  disconnectAfterMs: z.number().int().min(50).default(UPS_DISCONNECT_AFTER_MS),
  reconnectMinMs: z.number().int().min(10).default(UPS_RECONNECT_MIN_MS),
  reconnectMaxMs: z.number().int().min(10).default(UPS_RECONNECT_MAX_MS),
});
export type UpsTiming = z.infer<typeof UpsTimingSchema>;

export interface UpsMonitorOptions {
  transport: UpsTransport;
  clock: Clock;
  logger?: Logger;
  timing?: Partial<UpsTiming>;
  /** Shown until the device tells its model. */
  name?: string;
}

const LIVE_STATES: ReadonlySet<UpsState> = new Set([
  'online',
  'on_battery',
  'battery_low',
  'replace_battery',
  'overload',
  'bypass',
  'fault',
]);

// Spelt out, not built from the event type, so each id is a literal the typecheck finds in the
// catalogue of log events (platform/log-events.ts).
const UPS_EVENT_LOG_IDS = {
  mains_lost: 'ups-event-mains-lost',
  mains_restored: 'ups-event-mains-restored',
  battery_low: 'ups-event-battery-low',
  shutdown_imminent: 'ups-event-shutdown-imminent',
  communication_lost: 'ups-event-communication-lost',
  communication_restored: 'ups-event-communication-restored',
  data_stale: 'ups-event-data-stale',
} as const satisfies Record<Exclude<UpsEventType, 'state_changed'>, LogEventAt<'info'>>;

const silentLogger: Logger = {
  log: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
  close: () => {},
};

export class UpsMonitor extends CellDevice {
  readonly kind = 'ups' as const;
  private readonly transport: UpsTransport;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly timing: UpsTiming;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | null = null;
  private connected = false;
  private connectedAt = 0;
  private lastGoodAt = 0;
  private reconnectAttempt = 0;
  private hadContact = false;
  private flags: UpsFlags = NO_FLAGS;
  private lastReading: UpsReading;
  private readonly eventListeners = new Set<(e: UpsEvent) => void>();
  private readonly readingListeners = new Set<(r: UpsReading) => void>();

  constructor(opts: UpsMonitorOptions) {
    super(
      new StatusCell(opts.clock, {
        kind: 'ups',
        driver: opts.transport.driver,
        name: opts.name ?? '',
        state: 'disconnected',
        health: 'offline',
        values: {},
        lastError: null,
      }),
    );
    this.transport = opts.transport;
    this.clock = opts.clock;
    this.log = (opts.logger ?? silentLogger).child({ device: 'ups', driver: opts.transport.driver });
    this.timing = UpsTimingSchema.parse(opts.timing ?? {});
    this.lastReading = this.buildReading('disconnected', {});
  }

  /** The normalized reading for the power-aware workflow. */
  reading(): UpsReading {
    return this.lastReading;
  }

  onReading(listener: (r: UpsReading) => void): () => void {
    this.readingListeners.add(listener);
    return () => this.readingListeners.delete(listener);
  }

  onEvent(listener: (e: UpsEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  override start(): void {
    if (this.running) return;
    this.running = true;
    this.log.info('ups-monitor-init', {});
    this.schedule(0);
  }

  override async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await this.closeTransport();
    this.log.info('ups-monitor-complete', {});
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.cycle()
        .catch((err: unknown) => {
          // A listener or a driver bug threw: log it and keep monitoring rather than go blind.
          this.log.error('ups-monitor-bug', { error: String(err) });
          if (this.running && this.timer === undefined) this.schedule(this.timing.reconnectMaxMs);
        })
        .finally(() => {
          this.inFlight = null;
        });
    }, delayMs);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private async cycle(): Promise<void> {
    if (!this.connected) {
      const opened = await this.guard(() => this.transport.connect());
      if (!this.running) {
        await this.closeTransport();
        return;
      }
      if (!opened.ok) {
        await this.closeTransport();
        this.toDisconnected(opened.error);
        this.scheduleReconnect(opened.error);
        return;
      }
      this.connected = true;
      this.connectedAt = this.now();
      const { name } = opened.value;
      this.log.info('ups-connect-complete', { name: name ?? null });
      if (name) this.cell.set({ ...this.cellState(), name });
    }
    const polled = await this.guard(() => this.transport.poll());
    if (!this.running) return;
    if (polled.ok) {
      this.lastGoodAt = this.now();
      this.reconnectAttempt = 0;
      this.applyObservation(polled.value);
      this.schedule(this.timing.pollIntervalMs);
      return;
    }
    await this.handleFault(polled.error);
  }

  private async handleFault(fault: UpsFault): Promise<void> {
    const state = this.cell.get().state as UpsState;
    switch (fault.code) {
      case 'connect_failed':
      case 'link_lost':
        this.log.warn('ups-link-lost', { code: fault.code, detail: fault.detail ?? null });
        await this.dropLink();
        this.toDisconnected(fault);
        this.scheduleReconnect(fault);
        return;
      case 'no_answer':
      case 'bad_reply': {
        const silentFor = this.now() - Math.max(this.lastGoodAt, this.connectedAt);
        if (silentFor >= this.timing.disconnectAfterMs) {
          this.log.warn('ups-no-answer-reopen', { code: fault.code, silentForMs: silentFor });
          await this.dropLink();
          this.toDisconnected(fault);
          this.scheduleReconnect(fault);
          return;
        }
        // One lost or garbled line is normal on a serial link; only lasting silence is shown.
        if (silentFor >= this.timing.staleAfterMs && LIVE_STATES.has(state)) {
          this.log.warn('ups-data-stale', {
            code: fault.code,
            detail: fault.detail ?? null,
            silentForMs: silentFor,
          });
          this.toStale(fault);
        }
        this.schedule(this.timing.pollIntervalMs);
        return;
      }
      case 'device_stale':
        if (state !== 'data_stale')
          this.log.warn('ups-data-stale', { code: fault.code, detail: fault.detail ?? null });
        this.toStale(fault);
        this.schedule(this.timing.pollIntervalMs);
        return;
      case 'device_not_connected':
      case 'unknown_ups':
        this.toDisconnected(fault);
        this.schedule(this.timing.pollIntervalMs);
        return;
      default: {
        const never: never = fault.code;
        throw new Error(`unhandled UPS fault ${String(never)}`);
      }
    }
  }

  private scheduleReconnect(fault: UpsFault): void {
    const delay = backoffMs(this.reconnectAttempt, this.timing.reconnectMinMs, this.timing.reconnectMaxMs);
    this.reconnectAttempt += 1;
    this.log.info('ups-reconnect-scheduled', {
      attempt: this.reconnectAttempt,
      delayMs: delay,
      code: fault.code,
      detail: fault.detail ?? null,
    });
    this.schedule(delay);
  }

  private async dropLink(): Promise<void> {
    this.connected = false;
    await this.closeTransport();
  }

  private async closeTransport(): Promise<void> {
    this.connected = false;
    try {
      await this.transport.close();
    } catch (err) {
      this.log.warn('ups-close-failed', { error: String(err) });
    }
  }

  /** Runs a driver call; a throw (a driver bug) becomes link_lost so the link is rebuilt. */
  private async guard<T>(call: () => Promise<Result<T, UpsFault>>): Promise<Result<T, UpsFault>> {
    try {
      return await call();
    } catch (e) {
      this.log.error('ups-driver-threw', { error: String(e) });
      return err({ code: 'link_lost', messageKey: 'ups.error.driverFailed', detail: String(e) });
    }
  }

  private cellState() {
    const s = this.cell.get();
    return { state: s.state, health: s.health, values: s.values, lastError: s.lastError };
  }

  private applyObservation(obs: UpsObservation): void {
    const state = deriveUpsState(obs.flags);
    this.transition(state, obs.flags, obs.values, null, obs.name);
  }

  private toStale(fault: UpsFault): void {
    this.transition('data_stale', this.flags, this.cell.get().values, fault.messageKey);
  }

  private toDisconnected(fault: UpsFault): void {
    // Old numbers are not shown as if live: a disconnected unit shows none.
    this.transition('disconnected', this.flags, {}, fault.messageKey);
  }

  private transition(
    state: UpsState,
    flags: UpsFlags,
    values: UpsValues,
    lastError: string | null,
    name?: string,
  ): void {
    const prevState = this.cell.get().state as UpsState;
    const prevFlags = this.flags;
    const prevReading = this.lastReading;
    this.flags = flags;
    const cleanValues = Object.fromEntries(
      Object.entries(values).filter(
        (e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]),
      ),
    );
    this.cell.set({
      state,
      health: upsHealth(state),
      values: cleanValues,
      lastError,
      ...(name ? { name } : {}),
    });
    this.lastReading = this.buildReading(state, cleanValues);

    const events: UpsEventType[] = [];
    const live = LIVE_STATES.has(state);
    if (live && !LIVE_STATES.has(prevState) && this.hadContact) events.push('communication_restored');
    if (state === 'disconnected' && prevState !== 'disconnected' && this.hadContact)
      events.push('communication_lost');
    if (state === 'data_stale' && prevState !== 'data_stale') events.push('data_stale');
    if (live) {
      this.hadContact = true;
      if (flags.onBattery && !prevFlags.onBattery) events.push('mains_lost');
      if (!flags.onBattery && prevFlags.onBattery) events.push('mains_restored');
      if (flags.lowBattery && !prevFlags.lowBattery) events.push('battery_low');
      if (isShutdownImminent(flags) && !isShutdownImminent(prevFlags)) events.push('shutdown_imminent');
    }
    if (state !== prevState) {
      events.unshift('state_changed');
      this.log.info('ups-state-changed', { from: prevState, to: state, lastError });
    }
    const at = this.clock.now().toISOString();
    for (const type of events) this.emitEvent({ type, at, from: prevState, reading: this.lastReading });
    if (JSON.stringify(prevReading) !== JSON.stringify(this.lastReading)) {
      for (const l of this.readingListeners) this.callSafely(() => l(this.lastReading));
    }
  }

  private emitEvent(event: UpsEvent): void {
    if (event.type !== 'state_changed') this.log.info(UPS_EVENT_LOG_IDS[event.type], {});
    for (const l of this.eventListeners) this.callSafely(() => l(event));
  }

  private callSafely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error('ups-listener-threw', { error: String(err) });
    }
  }

  private buildReading(state: UpsState, values: UpsValues): UpsReading {
    return {
      state,
      onBattery: this.flags.onBattery,
      lowBattery: this.flags.lowBattery,
      shutdownImminent: isShutdownImminent(this.flags),
      values,
    };
  }
}
