// The USB (usblp, raw) ZPL driver against the simulated printer on the far end of a real pty pair
// (socat): the driver opens its end as it would /dev/usb/lp0, writes ZPL and ~HS and reads the
// answer on the same descriptor. The label printed over the "cable" is rendered by the simulator
// and read back to the same key; paper out and head open come through ~HS as typed states; a
// printer that says nothing, a device that is not there and a cable pulled (socat killed) are
// offline, and an acta received with the cable pulled is received all the same.
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { identifyFromQr, scanQr } from '../../../../electron/capture/identify';
import { LabelPrints } from '../../../../electron/capture/printers/label-prints';
import { ZplUsbPrinter } from '../../../../electron/capture/printers/zpl-usb-printer';
import { ZPL_STATUS_TIMEOUT_MS } from '../../../../electron/capture/printers/zpl-printer';
import { systemClock } from '../../../../electron/platform/clock';
import { AuditLog } from '../../../../electron/security/audit';
import { esMXPrinter } from '../../../../shared/messages/printer';
import { ZplPrinterSim } from '../../../../sim/printers/zpl-printer';
import { createPrinter } from '../../../../electron/capture/printers';
import { ConfigSchema } from '../../../../electron/station/config';
import { startPtyPair, type PtyPair } from '../../../helpers/pty';
import { key, receive, station as workflowStation } from '../../workflow/fixture';
import { KEY, label, scanned300, station } from './label-fixture';

const WHOLE = { left: 0, top: 0, width: 1, height: 1 };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A ZPL printer on the far end of a pty "cable"; the driver has the near end. */
async function usbPrinter(): Promise<{ pair: PtyPair; sim: ZplPrinterSim; driver: ZplUsbPrinter }> {
  const pair = await startPtyPair();
  closers.push(() => pair.dispose());
  const sim = new ZplPrinterSim();
  const port = new SerialPort({ path: pair.b, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
  sim.serve(port);
  closers.push(async () => {
    await sim.close();
    if (port.isOpen) await new Promise((r) => port.close(r));
  });
  return { pair, sim, driver: new ZplUsbPrinter(systemClock, { device: pair.a }) };
}

describe('ZPL printer over USB, raw (simulated printer on a pty pair)', () => {
  it('prints the label; its graphic read back at 300 dpi gives the same key', async () => {
    const { pair, sim, driver } = await usbPrinter();
    const l = label();
    expect(await driver.print(l)).toEqual({ ok: true, value: undefined });
    await expect.poll(() => sim.printed.length).toBe(1);
    const printed = sim.printed[0]!;
    expect(printed.texts).toContain('PRES · 09-05 · 1234 B1');
    const g = await scanned300(printed.png);
    const scan = await scanQr(g.data, g.w, g.h, WHOLE);
    expect(scan).toMatchObject({ found: true, text: l.qrText });
    expect(identifyFromQr(scan)).toMatchObject({ ok: true, value: { key: KEY } });
    expect(driver.status()).toMatchObject({ driver: 'zpl', state: 'ready', health: 'ok' });
    expect(driver.status().name).toBe(`ZPL USB ${pair.a}`);
  });

  it.each([
    [{ paperOut: true }, 'paper_out', 'printer.fail.paperOut'],
    [{ headOpen: true }, 'head_open', 'printer.fail.headOpen'],
  ] as const)(
    '~HS says %o: state %s, the print refused with what to do',
    async (faults, state, messageKey) => {
      const { sim, driver } = await usbPrinter();
      sim.setFaults(faults);
      expect(await driver.check()).toBe(state);
      expect(await driver.print(label())).toMatchObject({ ok: false, error: { state, messageKey } });
      expect(driver.status()).toMatchObject({ state, health: 'warning', lastError: messageKey });
      sim.setFaults({});
      expect((await driver.print(label())).ok).toBe(true);
      await expect.poll(() => sim.printed.length).toBe(1);
    },
  );

  it('a printer that does not answer, or a device that is not there, is offline', async () => {
    const { sim, driver } = await usbPrinter();
    sim.setFaults({ offline: true });
    const t0 = Date.now();
    expect(await driver.check()).toBe('offline');
    expect(Date.now() - t0).toBeLessThan(ZPL_STATUS_TIMEOUT_MS + 1_000);
    const absent = new ZplUsbPrinter(systemClock, { device: '/dev/usb/lp-catd-absent' });
    expect(await absent.print(label())).toMatchObject({
      ok: false,
      error: { state: 'offline', messageKey: 'printer.fail.offline' },
    });
    expect(absent.status()).toMatchObject({ state: 'offline', health: 'offline' });
  });

  it('cable pulled (socat killed): offline, the acta is received, its label says what to do; plugged back, it prints', async () => {
    const { pair, sim, driver } = await usbPrinter();
    const s = workflowStation({ hooks: { onReceived: (a, who) => prints.onReceived(a, who) } });
    const prints: LabelPrints = new LabelPrints({
      db: s.db,
      audit: new AuditLog(s.db, s.clock),
      clock: s.clock,
      printer: driver,
      station: station(),
      findActa: (id) => s.wf.find(id),
    });
    expect(await driver.check()).toBe('ready');

    await pair.kill();
    const r = receive(s, key(7));
    expect(r.outcome).toBe('received');
    await prints.idle();
    expect(s.wf.find(r.acta.id)!.state).toBe('recibida');
    const failed = prints.latest(r.acta.id)!;
    expect(failed).toMatchObject({ state: 'failed', messageKey: 'printer.fail.offline' });
    expect(esMXPrinter.printer.fail.offline).toContain('Revise que esté encendida y conectada');
    expect(driver.status()).toMatchObject({ state: 'offline', health: 'offline' });

    // Plugged back in: a new pty behind the same path, the printer listening on it again.
    await pair.start();
    const port = new SerialPort({ path: pair.b, baudRate: 115200 });
    await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
    sim.serve(port);
    closers.push(async () => {
      if (port.isOpen) await new Promise((r) => port.close(r));
    });
    prints.retry(r.acta.id, { id: 'op-ana', role: 'operador' });
    await prints.idle();
    expect(prints.latest(r.acta.id)).toMatchObject({ state: 'printed' });
    await expect.poll(() => sim.printed.length).toBe(1);
    expect(sim.printed[0]!.texts).toContain('PRES · 09-05 · 0007 B1');
  });
});

describe('the station config names the USB printer by its device path', () => {
  it('builds the USB driver from devices.printer; a relative path is refused', () => {
    const config = ConfigSchema.parse({
      devices: { printer: { driver: 'zpl-usb', device: '/dev/usb/lp0' } },
    });
    const printer = createPrinter(config.devices.printer, systemClock);
    expect(printer).toBeInstanceOf(ZplUsbPrinter);
    expect(printer.status()).toMatchObject({ driver: 'zpl', name: 'ZPL USB /dev/usb/lp0' });
    const bad = ConfigSchema.safeParse({ devices: { printer: { driver: 'zpl-usb', device: 'usb/lp0' } } });
    expect(bad.success).toBe(false);
  });
});
