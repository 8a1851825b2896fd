// Printing is part of acopio and never a way to lose it: with the printer switched off, out of
// labels or hung, the acta is received at once and stays received; the failed label says what to
// do and prints when the operator tries again; a label that came out can only be reprinted by a
// supervisor, with a reason in the audit log, and the reprint says REIMPRESIÓN.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LabelPrints } from '../../../../electron/capture/printers/label-prints';
import { ZplPrinter } from '../../../../electron/capture/printers/zpl-printer';
import { AuditLog } from '../../../../electron/security/audit';
import { labelSecretOf } from '../../../../electron/security/label-code';
import { generateKeyPair } from '../../../../electron/platform/signing';
import { ZplPrinterSim } from '../../../../sim/printers/zpl-printer';
import { key, operator, receive, station, supervisor } from '../../workflow/fixture';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function acopioStation(port?: number) {
  const sim = new ZplPrinterSim();
  const simPort = await sim.listen();
  closers.push(() => sim.close());
  const hooks: { prints?: LabelPrints } = {};
  const s = station({ hooks: { onReceived: (a, who) => hooks.prints!.onReceived(a, who) } });
  const audit = new AuditLog(s.db, s.clock);
  const printer = new ZplPrinter(s.clock, { host: '127.0.0.1', port: port ?? simPort });
  const prints = new LabelPrints({
    db: s.db,
    audit,
    clock: s.clock,
    printer,
    station: { catd: 'CATD 09-05', station: 'E1', secret: labelSecretOf(generateKeyPair()) },
    findActa: (id) => s.wf.find(id),
  });
  hooks.prints = prints;
  return { s, sim, simPort, prints, audit };
}

describe('acopio label printing', () => {
  it('printer off during acopio: the acta is received; the label fails with what to do; retry prints it', async () => {
    const { s, sim, prints } = await acopioStation();
    sim.setFaults({ offline: true });
    const r = receive(s, key(1));
    expect(r.outcome).toBe('received');
    await prints.idle();
    expect(s.wf.find(r.acta.id)!.state).toBe('recibida');
    expect(prints.latest(r.acta.id)).toMatchObject({ state: 'failed', messageKey: 'printer.fail.offline' });
    expect(prints.failed().map((p) => p.actaId)).toEqual([r.acta.id]);

    sim.setFaults({});
    prints.retry(r.acta.id, operator);
    await prints.idle();
    expect(prints.latest(r.acta.id)).toMatchObject({ state: 'printed', reprint: false, messageKey: null });
    await expect.poll(() => sim.printed.length).toBe(1);
    expect(sim.printed[0]!.texts).toContain('PRES · 09-05 · 0001 B1');
    expect(prints.failed()).toEqual([]);
  });

  it('a label printing when the station stopped is shown as not printed after a restart, and the operator can print it again', async () => {
    // A printer that takes the connection and never answers: the label is still printing when the
    // station stops (the process is gone: only its database is left).
    const held: net.Socket[] = [];
    const hung = net.createServer((c) => held.push(c));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    closers.push(
      () =>
        new Promise((r) => {
          for (const c of held) c.destroy();
          hung.close(() => r());
        }),
    );
    const { s, sim, simPort, prints } = await acopioStation((hung.address() as net.AddressInfo).port);
    const r = receive(s, key(3));
    expect(prints.latest(r.acta.id)).toMatchObject({ state: 'pending' });

    // The restarted station, on the same database, with its printer working.
    const after = new LabelPrints({
      db: s.db,
      audit: new AuditLog(s.db, s.clock),
      clock: s.clock,
      printer: new ZplPrinter(s.clock, { host: '127.0.0.1', port: simPort }),
      station: { catd: 'CATD 09-05', station: 'E1', secret: labelSecretOf(generateKeyPair()) },
      findActa: (id) => s.wf.find(id),
    });
    expect(after.recoverInterrupted()).toBe(1);
    expect(after.failed()).toMatchObject([{ actaId: r.acta.id, messageKey: 'printer.fail.interrupted' }]);
    after.retry(r.acta.id, operator);
    await after.idle();
    expect(after.latest(r.acta.id)).toMatchObject({ state: 'printed' });
    await expect.poll(() => sim.printed.length).toBe(1);
  });

  it('out of labels: received, failed with "load a roll", printed once the roll is in', async () => {
    const { s, sim, prints } = await acopioStation();
    sim.setFaults({ paperOut: true });
    const r = receive(s, key(2));
    await prints.idle();
    expect(prints.latest(r.acta.id)).toMatchObject({ state: 'failed', messageKey: 'printer.fail.paperOut' });
    sim.setFaults({});
    prints.retry(r.acta.id, operator);
    await prints.idle();
    expect(prints.latest(r.acta.id)!.state).toBe('printed');
  });

  it('a printer that accepts the connection and never answers does not hold acopio', async () => {
    const held = new Set<net.Socket>();
    const silent = net.createServer((sock) => held.add(sock.on('error', () => undefined)));
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res));
    closers.push(async () => {
      for (const sock of held) sock.destroy();
      await new Promise<void>((res) => silent.close(() => res()));
    });
    const { s, prints } = await acopioStation((silent.address() as net.AddressInfo).port);
    const t0 = performance.now();
    const first = receive(s, key(3));
    const second = receive(s, key(4));
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(200);
    expect([first.outcome, second.outcome]).toEqual(['received', 'received']);
    await prints.idle();
    expect(prints.latest(first.acta.id)).toMatchObject({
      state: 'failed',
      messageKey: 'printer.fail.offline',
    });
    expect(prints.latest(second.acta.id)!.state).toBe('failed');
  }, 15_000);

  it('once printed, only a supervisor reprints, with a reason, audited and marked REIMPRESIÓN', async () => {
    const { s, sim, prints, audit } = await acopioStation();
    const r = receive(s, key(5));
    await prints.idle();
    expect(prints.latest(r.acta.id)!.state).toBe('printed');
    expect(() => prints.retry(r.acta.id, operator)).toThrow(/notSupervisor/);
    expect(() => prints.reprint(r.acta.id, operator, 'etiqueta dañada')).toThrow(/notSupervisor/);
    expect(() => prints.reprint(r.acta.id, supervisor, ' ')).toThrow(/reasonRequired/);
    prints.reprint(r.acta.id, supervisor, 'etiqueta dañada al pegar');
    await prints.idle();
    expect(prints.history(r.acta.id).map((p) => [p.reprint, p.state])).toEqual([
      [false, 'printed'],
      [true, 'printed'],
    ]);
    await expect.poll(() => sim.printed.length).toBe(2);
    expect(sim.printed[0]!.texts).not.toContain('REIMPRESIÓN');
    expect(sim.printed[1]!.texts).toContain('REIMPRESIÓN');
    const entry = [...audit.entries()].find((e) => e.action === 'label.reprint');
    expect(entry).toMatchObject({ actor: supervisor.id, subject: `acta:${r.acta.id}` });
    expect(entry!.details).toMatchObject({ reason: 'etiqueta dañada al pegar' });
  });
});
