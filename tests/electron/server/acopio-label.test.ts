// Acopio with its label, over real HTTP against a real core driving a ZPL printer (the simulated
// one on TCP): out of labels, the acta is received all the same, the status snapshot and the
// acta's label say so with what to do, and the operator's retry prints it once the roll is in;
// an operator cannot print a second copy, a supervisor's reprint is audited and says REIMPRESIÓN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';
import { ZplPrinterSim } from '../../../sim/printers/zpl-printer';
import { formatActaKeyLabel } from '../../../shared/acta-key';

let st: TestStation;
let printer: ZplPrinterSim;

beforeAll(async () => {
  printer = new ZplPrinterSim();
  const port = await printer.listen();
  st = await startTestStation({
    config: { devices: { printer: { driver: 'zpl', host: '127.0.0.1', port } } },
  });
});
afterAll(async () => {
  await st?.stop();
  await printer?.close();
});

async function login(role: 'operador' | 'supervisor', elevate = false): Promise<string> {
  const cookie = await sessionCookie(st.core);
  const who = st.core.demoAccounts!.find((a) => a.role === role)!;
  await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: who.id, pin: who.pin });
  if (elevate) {
    const sup = st.core.demoAccounts!.find((a) => a.role === 'supervisor')!;
    await rpc(st.core, cookie, 'mutation', 'session.elevate', { supervisorId: sup.id, pin: sup.pin });
  }
  return cookie;
}

const KEY_TEXT = formatActaKeyLabel({
  year: 2024,
  election: 'PRES',
  entidad: '09',
  distrito: '05',
  seccion: '0777',
  casillaType: 'B',
  casillaNumber: 1,
});

describe('acopio label over RPC', () => {
  it('out of labels: received anyway, shown with what to do; retried once the roll is in', async () => {
    const op = await login('operador');
    printer.setFaults({ paperOut: true });
    const t0 = Date.now();
    const r = await rpc(st.core, op, 'mutation', 'actas.receive', { keyText: KEY_TEXT, source: 'reader' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.status).toBe(200);
    const acta = r.body.result.data.acta;
    expect(acta.state).toBe('recibida');

    await st.core.services.labelPrints.idle();
    const label = (await rpc(st.core, op, 'query', 'actas.label', { actaId: acta.id })).body.result.data;
    expect(label.latest).toMatchObject({ state: 'failed', messageKey: 'printer.fail.paperOut' });
    expect(label.printer).toMatchObject({ kind: 'printer', state: 'paper_out', health: 'warning' });
    const snap = (await rpc(st.core, op, 'query', 'status.snapshot')).body.result.data;
    expect(snap.devices.printer).toMatchObject({ state: 'paper_out', lastError: 'printer.fail.paperOut' });
    const failed = (await rpc(st.core, op, 'query', 'actas.failedLabels')).body.result.data;
    expect(failed.map((f: { actaId: number }) => f.actaId)).toEqual([acta.id]);

    printer.setFaults({});
    expect((await rpc(st.core, op, 'mutation', 'actas.retryLabel', { actaId: acta.id })).status).toBe(200);
    await st.core.services.labelPrints.idle();
    await expect.poll(() => printer.printed.length).toBe(1);
    expect(printer.printed[0]!.texts).toContain('PRES · 09-05 · 0777 B1');

    // A second copy is a supervisor's reprint, never an operator's retry.
    const again = await rpc(st.core, op, 'mutation', 'actas.retryLabel', { actaId: acta.id });
    expect(again.status).toBe(403);
    expect(again.body.error.message).toBe('printer.reprint.supervisorOnly');
    const denied = await rpc(st.core, op, 'mutation', 'supervisor.actas.reprintLabel', {
      actaId: acta.id,
      reason: 'etiqueta dañada al pegar',
    });
    expect(denied.status).toBe(403);

    const sup = await login('operador', true);
    const ok = await rpc(st.core, sup, 'mutation', 'supervisor.actas.reprintLabel', {
      actaId: acta.id,
      reason: 'etiqueta dañada al pegar',
    });
    expect(ok.status).toBe(200);
    await st.core.services.labelPrints.idle();
    await expect.poll(() => printer.printed.length).toBe(2);
    expect(printer.printed[1]!.texts).toContain('REIMPRESIÓN');
    const audit = [...st.core.services.audit.entries()].filter((e) => e.action === 'label.reprint');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ reason: 'etiqueta dañada al pegar' });
  }, 30_000);
});
