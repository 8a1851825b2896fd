// The monitor with a scripted transport: backoff between failed opens, a driver that throws,
// stop while connecting, and the operator-facing state rules.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../electron/platform/clock';
import { createMemoryLogger } from '../../../../electron/platform/logger';
import { err, ok } from '../../../../electron/platform/result';
import { UpsMonitor } from '../../../../electron/power/ups/monitor';
import { deriveUpsState, upsHealth } from '../../../../electron/power/ups/state';
import {
  NO_FLAGS,
  type ConnectResult,
  type PollResult,
  type UpsTransport,
} from '../../../../electron/power/ups/types';
import { trapUnhandledRejections, waitForState, waitForStatus } from './support';

class ScriptedTransport implements UpsTransport {
  readonly driver = 'scripted';
  connects: number[] = [];
  closes = 0;
  connectResult: () => Promise<ConnectResult> = async () => ok({});
  pollResult: () => Promise<PollResult> = async () => ok({ flags: NO_FLAGS, values: { loadPercent: 10 } });
  connect() {
    this.connects.push(Date.now());
    return this.connectResult();
  }
  poll() {
    return this.pollResult();
  }
  async close() {
    this.closes += 1;
  }
}

const timing = {
  pollIntervalMs: 50,
  staleAfterMs: 100,
  disconnectAfterMs: 200,
  reconnectMinMs: 20,
  reconnectMaxMs: 160,
};

describe('UPS monitor', () => {
  let monitor: UpsMonitor | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await monitor?.stop();
    monitor = undefined;
    trap.assertNone();
  });

  it('doubles the wait between failed opens up to the maximum', async () => {
    const t = new ScriptedTransport();
    t.connectResult = async () => err({ code: 'connect_failed', messageKey: 'ups.error.portUnavailable' });
    monitor = new UpsMonitor({ transport: t, clock: systemClock, timing });
    monitor.start();
    await new Promise((r) => setTimeout(r, 900));
    const gaps = t.connects.slice(1).map((at, i) => at - t.connects[i]!);
    // 20, 40, 80, 160, 160 … ms (timers fire a little late, never early).
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(78);
    expect(gaps[3]).toBeGreaterThanOrEqual(155);
    expect(Math.max(...gaps)).toBeLessThan(160 + 100);
    expect(monitor.status()).toMatchObject({ state: 'disconnected', lastError: 'ups.error.portUnavailable' });
  });

  it('a driver that throws is logged and treated as a lost link; monitoring goes on', async () => {
    const t = new ScriptedTransport();
    let calls = 0;
    t.pollResult = async () => {
      calls += 1;
      if (calls === 2) throw new TypeError('driver bug');
      return ok({ flags: NO_FLAGS, values: {} });
    };
    const log = createMemoryLogger();
    monitor = new UpsMonitor({ transport: t, clock: systemClock, timing, logger: log });
    monitor.start();
    await waitForStatus(monitor, (s) => s.state === 'online' && t.connects.length >= 2);
    expect(log.lines.some((l) => l.event === 'ups-driver-threw')).toBe(true);
    expect(t.closes).toBeGreaterThanOrEqual(1);
  });

  it('a listener that throws does not stop the monitor', async () => {
    const t = new ScriptedTransport();
    monitor = new UpsMonitor({ transport: t, clock: systemClock, timing });
    monitor.onEvent(() => {
      throw new Error('listener bug');
    });
    monitor.onReading(() => {
      throw new Error('listener bug');
    });
    monitor.start();
    await waitForState(monitor, 'online');
    t.pollResult = async () => ok({ flags: { ...NO_FLAGS, onBattery: true }, values: {} });
    await waitForState(monitor, 'on_battery');
  });

  it('stop() while an open is in progress closes the link and polls no more', async () => {
    const t = new ScriptedTransport();
    let release: () => void = () => {};
    t.connectResult = () => new Promise((r) => (release = () => r(ok({}))));
    let polls = 0;
    t.pollResult = async () => {
      polls += 1;
      return ok({ flags: NO_FLAGS, values: {} });
    };
    monitor = new UpsMonitor({ transport: t, clock: systemClock, timing });
    monitor.start();
    await new Promise((r) => setTimeout(r, 20));
    const stopping = monitor.stop();
    release();
    await stopping;
    await new Promise((r) => setTimeout(r, 100));
    expect(polls).toBe(0);
    expect(t.closes).toBeGreaterThanOrEqual(1);
    monitor = undefined;
  });

  it('picks the most urgent state and its colour', () => {
    expect(deriveUpsState({ ...NO_FLAGS, onBattery: true, overload: true })).toBe('on_battery');
    expect(deriveUpsState({ ...NO_FLAGS, onBattery: true, lowBattery: true })).toBe('battery_low');
    expect(deriveUpsState({ ...NO_FLAGS, fault: true, lowBattery: true })).toBe('fault');
    expect(deriveUpsState({ ...NO_FLAGS, replaceBattery: true })).toBe('replace_battery');
    expect(deriveUpsState(NO_FLAGS)).toBe('online');
    expect(upsHealth('data_stale')).toBe('unknown');
    expect(upsHealth('disconnected')).toBe('offline');
    expect(upsHealth('battery_low')).toBe('fault');
  });
});
