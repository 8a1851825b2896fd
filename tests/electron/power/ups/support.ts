// Shared test support for the UPS drivers: wait until a monitor shows something, with a clear
// failure that says what it showed instead.
import type { DeviceStatus } from '../../../../shared/domain';
import type { UpsMonitor } from '../../../../electron/power/ups/monitor';
import type { UpsEvent } from '../../../../electron/power/ups/types';

export async function waitForStatus(
  monitor: UpsMonitor,
  predicate: (s: DeviceStatus) => boolean,
  timeoutMs = 8_000,
): Promise<DeviceStatus> {
  if (predicate(monitor.status())) return monitor.status();
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `status not reached in ${timeoutMs} ms; went through: ${seen.join(' → ') || '(nothing)'}; now ${JSON.stringify(monitor.status())}`,
        ),
      );
    }, timeoutMs);
    const off = monitor.onStatus((s) => {
      seen.push(`${s.state}${s.lastError ? `(${s.lastError})` : ''}`);
      if (predicate(s)) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    });
  });
}

export function waitForState(monitor: UpsMonitor, state: DeviceStatus['state'], timeoutMs?: number) {
  return waitForStatus(monitor, (s) => s.state === state, timeoutMs);
}

export function recordEvents(monitor: UpsMonitor): UpsEvent[] {
  const events: UpsEvent[] = [];
  monitor.onEvent((e) => events.push(e));
  return events;
}

/** Fails the test on any unhandled rejection while it runs (a driver must never leak one). */
export function trapUnhandledRejections(): { assertNone(): void; dispose(): void } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  return {
    assertNone() {
      if (seen.length) throw new Error(`unhandled rejection: ${String(seen[0])}`);
    },
    dispose() {
      process.off('unhandledRejection', onRejection);
    },
  };
}
