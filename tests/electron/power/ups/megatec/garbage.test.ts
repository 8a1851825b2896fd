// Garbage, bad framing and truncated lines: never a crash; a glitch is ridden out, lasting
// garbage is shown as stale readings with the reason, and good lines bring the unit back.
import { afterEach, describe, expect, it } from 'vitest';
import { startMegatecRig, type MegatecRig } from './fixture';
import { trapUnhandledRejections, waitForState, waitForStatus } from '../support';
import type { MegatecSimCondition } from '../../../../../sim/ups/megatec';

describe('Megatec UPS: garbled replies', () => {
  let rig: MegatecRig | undefined;
  const trap = trapUnhandledRejections();
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
    trap.assertNone();
  });

  const cases: Array<[MegatecSimCondition, string]> = [
    ['garbage', 'bad_framing'],
    ['bad_framing', 'bad_framing'],
    ['truncated', 'truncated'],
  ];
  for (const [condition, parseCode] of cases) {
    it(`${condition}: shows data_stale with ups.error.garbled, keeps last readings, recovers`, async () => {
      rig = await startMegatecRig('mains');
      rig.monitor.start();
      const online = await waitForState(rig.monitor, 'online');

      rig.sim.setCondition(condition);
      const stale = await waitForState(rig.monitor, 'data_stale');
      expect(stale).toMatchObject({ health: 'unknown', lastError: 'ups.error.garbled' });
      // The last good numbers stay visible, marked as not current by the state.
      expect(stale.values).toEqual(online.values);
      expect(rig.log.lines.some((l) => String(l.detail ?? '').startsWith(parseCode))).toBe(true);

      rig.sim.setCondition('mains');
      const back = await waitForStatus(rig.monitor, (s) => s.state === 'online' && s.lastError === null);
      expect(back.values.inputVoltage).toBe(226);
    });
  }

  it('rides out a single garbled line without changing what the operator sees', async () => {
    rig = await startMegatecRig('mains');
    const seen: string[] = [];
    rig.monitor.onStatus((s) => seen.push(s.state));
    rig.monitor.start();
    await waitForState(rig.monitor, 'online');
    rig.sim.setCondition('garbage');
    await new Promise((r) => setTimeout(r, 150));
    rig.sim.setCondition('mains');
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.every((s) => s === 'online')).toBe(true);
  });
});
