// The one vocabulary every UPS driver speaks: what a poll observed (flags and values), the typed
// faults a driver reports instead of throwing, and the normalized reading the power-aware
// workflow acts on. Drivers translate their protocol into these; the monitor does the rest.
import type { UPS_STATES } from '../../../shared/domain';
import type { Result } from '../../platform/result';

export type UpsState = (typeof UPS_STATES)[number];

/** Value names shown in the status bar and handed to the workflow; stable keys. */
export const UPS_VALUE_NAMES = [
  'chargePercent',
  'runtimeSeconds',
  'inputVoltage',
  'outputVoltage',
  'loadPercent',
  'frequencyHz',
  'temperatureC',
] as const;
export type UpsValueName = (typeof UPS_VALUE_NAMES)[number];
/** Only the readings the device gives: a missing key means "not reported", never zero. */
export type UpsValues = Partial<Record<UpsValueName, number>>;

/** Conditions a device reported in one poll, in protocol-neutral words. */
export interface UpsFlags {
  onBattery: boolean;
  lowBattery: boolean;
  replaceBattery: boolean;
  overload: boolean;
  bypass: boolean;
  fault: boolean;
  /** The device itself announced that it will cut the load (HID ShutdownImminent, NUT FSD, Q1 b1). */
  shutdownImminent: boolean;
}

export const NO_FLAGS: UpsFlags = {
  onBattery: false,
  lowBattery: false,
  replaceBattery: false,
  overload: false,
  bypass: false,
  fault: false,
  shutdownImminent: false,
};

export interface UpsObservation {
  flags: UpsFlags;
  values: UpsValues;
  /** Model name, when this poll learned it. */
  name?: string;
}

/**
 * Why a connect or poll did not give an observation. The code decides what the monitor does:
 * - link_lost / connect_failed: the port, device or socket is gone → disconnected, reopen with backoff.
 * - no_answer / bad_reply: the link is up but this poll gave nothing usable → data_stale after a
 *   grace period, then disconnected and reopened (a wedged adapter often needs a reopen).
 * - device_stale / device_not_connected / unknown_ups: a server (upsd) answered clearly about the
 *   unit → shown at once, link kept, polling goes on.
 */
export type UpsFaultCode =
  | 'connect_failed'
  | 'link_lost'
  | 'no_answer'
  | 'bad_reply'
  | 'device_stale'
  | 'device_not_connected'
  | 'unknown_ups';

export interface UpsFault {
  code: UpsFaultCode;
  /** Message key shown to the operator (shared/messages/ups.ts). */
  messageKey: string;
  /** Technical detail for the log only (never shown as UI text). */
  detail?: string;
}

export type PollResult = Result<UpsObservation, UpsFault>;
/** Connected, with the unit's name when the protocol tells it on connecting. */
export type ConnectResult = Result<{ name?: string }, UpsFault>;

/**
 * A driver's link to one unit. Methods never throw for device trouble; a throw is treated as a
 * programming error by the monitor, logged, and handled like link_lost so the app stays up.
 */
export interface UpsTransport {
  /** Driver id shown in the status bar (megatec, usbhid, nut). */
  readonly driver: string;
  connect(): Promise<ConnectResult>;
  poll(): Promise<PollResult>;
  /** Releases the port/socket/device; safe to call twice and after a failed connect. */
  close(): Promise<void>;
}

/**
 * The normalized reading the power-aware workflow acts on. When state is disconnected or
 * data_stale the flags are the last ones known (a UPS that was on battery and went silent is
 * still presumed on battery); state says whether they are current.
 */
export interface UpsReading {
  state: UpsState;
  onBattery: boolean;
  lowBattery: boolean;
  /** Device-announced shutdown, or on battery with a low battery (the point where NUT's upsmon shuts down). */
  shutdownImminent: boolean;
  values: UpsValues;
}

export type UpsEventType =
  | 'mains_lost'
  | 'mains_restored'
  | 'battery_low'
  | 'shutdown_imminent'
  | 'communication_lost'
  | 'communication_restored'
  | 'data_stale'
  | 'state_changed';

export interface UpsEvent {
  type: UpsEventType;
  /** ISO 8601 UTC, from the injected clock. */
  at: string;
  from: UpsState;
  reading: UpsReading;
}
