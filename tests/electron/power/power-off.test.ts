// The power-off on a UPS warning, step by step: it waits for the scan's page, checkpoints, audits
// before asking the OS, exits only when the OS accepted; a refused request keeps the station up
// and is audited; a second warning does nothing more.
import { describe, expect, it } from 'vitest';
import { Activity } from '../../../electron/platform/activity';
import { systemClock } from '../../../electron/platform/clock';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { ImminentPowerOff, type CommandOutcome } from '../../../electron/power/power-off';

function rig(outcome: CommandOutcome, pageWaitMs = 5_000) {
  const steps: string[] = [];
  const activity = new Activity();
  const log = createMemoryLogger();
  const powerOff = new ImminentPowerOff({
    config: { command: ['/usr/bin/systemctl', 'poweroff'], pageWaitMs },
    clock: systemClock,
    activity,
    announce: () => steps.push('announce'),
    checkpoint: (why) => steps.push(`checkpoint:${why}`),
    audit: (action) => steps.push(`audit:${action}`),
    log,
    exit: () => steps.push('exit'),
    run: (argv) => {
      steps.push(`run:${argv.join(' ')}`);
      return Promise.resolve(outcome);
    },
  });
  return { steps, activity, powerOff, log };
}

describe('powering off when the UPS will cut the load', () => {
  it('waits for the page being written, then checkpoints, audits, asks the OS and exits', async () => {
    const { steps, activity, powerOff } = rig({ ok: true });
    const endScan = activity.begin('scanning');
    const done = powerOff.trigger({ state: 'battery_low' });
    await new Promise((r) => setTimeout(r, 300));
    expect(steps).toEqual(['announce']); // still writing the page
    endScan();
    const r = await done;
    expect(r.kind).toBe('requested');
    expect(steps).toEqual([
      'announce',
      'checkpoint:shutdown-imminent',
      'audit:power.poweroff',
      'run:/usr/bin/systemctl poweroff',
      'exit',
    ]);
    expect(powerOff.pending).toBe(true);
    expect(await powerOff.trigger({})).toEqual({ kind: 'already' });
  });

  it('does not wait for ever on a scan that never ends', async () => {
    const { steps, activity, powerOff } = rig({ ok: true }, 200);
    activity.begin('scanning');
    const r = await powerOff.trigger({});
    expect(r.kind).toBe('requested');
    expect(r.kind === 'requested' && r.waitedMs).toBeGreaterThanOrEqual(150);
    expect(steps.at(-1)).toBe('exit');
  });

  it('stays up and audits the refusal when the OS says no', async () => {
    const { steps, powerOff, log } = rig({ ok: false, code: 1, output: 'Access denied' });
    const r = await powerOff.trigger({});
    expect(r).toMatchObject({ kind: 'refused', code: 1 });
    expect(steps).not.toContain('exit');
    expect(steps.at(-1)).toBe('audit:power.poweroff.failed');
    expect(log.lines.some((l) => l.event === 'power-off-refused')).toBe(true);
  });

  it('runs a real command without a shell', async () => {
    const activity = new Activity();
    const audits: Array<[string, Record<string, unknown>]> = [];
    const powerOff = new ImminentPowerOff({
      config: { command: ['/bin/false'], pageWaitMs: 100 },
      clock: systemClock,
      activity,
      announce: () => {},
      checkpoint: () => {},
      audit: (a, d) => audits.push([a, d]),
      log: createMemoryLogger(),
      exit: () => audits.push(['exit', {}]),
    });
    expect(await powerOff.trigger({})).toMatchObject({ kind: 'refused', code: 1 });
    expect(audits.map(([a]) => a)).toEqual(['power.poweroff', 'power.poweroff.failed']);
  });
});
