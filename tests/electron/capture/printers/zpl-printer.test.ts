// The ZPL driver against the simulated 9100 printer: the label printed, read back from its image
// (as a 300-dpi scan would see it) to the same key; the printer's faults as typed states, and a
// print refused in a fault succeeds once it is cleared.
import { afterEach, describe, expect, it } from 'vitest';
import { identifyFromQr, scanQr } from '../../../../electron/capture/identify';
import { ZplPrinter } from '../../../../electron/capture/printers/zpl-printer';
import { systemClock } from '../../../../electron/platform/clock';
import { ZplPrinterSim } from '../../../../sim/printers/zpl-printer';
import { KEY, label, scanned300 } from './label-fixture';

const WHOLE = { left: 0, top: 0, width: 1, height: 1 };
const sims: ZplPrinterSim[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
});

async function printer() {
  const sim = new ZplPrinterSim();
  sims.push(sim);
  const port = await sim.listen();
  return { sim, driver: new ZplPrinter(systemClock, { host: '127.0.0.1', port }) };
}

describe('ZPL printer over TCP 9100 (simulated printer)', () => {
  it('prints the label; its graphic read back at 300 dpi gives the same key', async () => {
    const { sim, driver } = await printer();
    const l = label();
    expect(await driver.print(l)).toEqual({ ok: true, value: undefined });
    await expect.poll(() => sim.printed.length).toBe(1);
    const printed = sim.printed[0]!;
    expect([printed.widthDots, printed.heightDots]).toEqual([406, 203]);
    expect(printed.texts).toContain('PRES · 09-05 · 1234 B1');
    expect(printed.texts).toContain('12:21:07 UTC-06:00');
    const g = await scanned300(printed.png);
    const scan = await scanQr(g.data, g.w, g.h, WHOLE);
    expect(scan).toMatchObject({ found: true, text: l.qrText });
    expect(identifyFromQr(scan)).toMatchObject({ ok: true, value: { key: KEY } });
    expect(driver.status()).toMatchObject({ kind: 'printer', driver: 'zpl', state: 'ready', health: 'ok' });
  });

  it.each([
    [{ paperOut: true }, 'paper_out', 'printer.fail.paperOut'],
    [{ headOpen: true, paperOut: true }, 'head_open', 'printer.fail.headOpen'],
    [{ paused: true }, 'paused', 'printer.fail.paused'],
  ] as const)(
    '%o: state %s, the print is refused with what to do, and goes once cleared',
    async (faults, state, key) => {
      const { sim, driver } = await printer();
      sim.setFaults(faults);
      expect(await driver.print(label())).toMatchObject({ ok: false, error: { state, messageKey: key } });
      expect(driver.status()).toMatchObject({ state, health: 'warning', lastError: key });
      expect(sim.printed).toHaveLength(0);
      sim.setFaults({});
      expect((await driver.print(label())).ok).toBe(true);
      await expect.poll(() => sim.printed.length).toBe(1);
      expect(driver.status().state).toBe('ready');
    },
  );

  it('a printer switched off, or nothing listening, is offline within the timeout', async () => {
    const { sim, driver } = await printer();
    sim.setFaults({ offline: true });
    const t0 = Date.now();
    expect(await driver.print(label())).toMatchObject({ ok: false, error: { state: 'offline' } });
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(driver.status()).toMatchObject({ state: 'offline', health: 'offline' });
    await sim.close();
    sims.splice(0);
    expect(await driver.check()).toBe('offline');
  });
});
