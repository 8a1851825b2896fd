// Pure rules from what a device reported to the one state and colour the operator sees.
import type { Health } from '../../../shared/domain';
import type { UpsFlags, UpsState } from './types';

/**
 * Most urgent condition first: a fault or a low battery on its way to cutting the load matters
 * more than "on battery", which matters more than conditions that leave the load protected.
 */
export function deriveUpsState(flags: UpsFlags): UpsState {
  if (flags.fault) return 'fault';
  if (flags.lowBattery) return 'battery_low';
  if (flags.onBattery) return 'on_battery';
  if (flags.overload) return 'overload';
  if (flags.bypass) return 'bypass';
  if (flags.replaceBattery) return 'replace_battery';
  return 'online';
}

export function upsHealth(state: UpsState): Health {
  switch (state) {
    case 'online':
      return 'ok';
    case 'on_battery':
    case 'replace_battery':
    case 'overload':
    case 'bypass':
      return 'warning';
    case 'battery_low':
    case 'fault':
      return 'fault';
    case 'disconnected':
      return 'offline';
    case 'data_stale':
      return 'unknown';
    default: {
      const never: never = state;
      throw new Error(`unhandled UPS state ${String(never)}`);
    }
  }
}

/** Whether the load is about to be cut: the device said so, or it runs on a battery that is low. */
export function isShutdownImminent(flags: UpsFlags): boolean {
  return flags.shutdownImminent || (flags.onBattery && flags.lowBattery);
}
