// Illegal moves are refused naming the state the acta is in; supervisor overrides refuse an
// operator (the RPC layer checks too); a stale version is refused so two screens cannot both move
// one acta; holds keep an acta queued but unsendable.
import { expect, it } from 'vitest';
import { WorkflowError } from '../../../electron/workflow';
import { AuditLog } from '../../../electron/security/audit';
import { digitise, key, operator, receive, station, supervisor } from './fixture';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof WorkflowError)
      return { code: err.code, state: err.extra.state, messageKey: err.messageKey };
    throw err;
  }
  return null;
};

it('refuses illegal transitions with the current state', () => {
  const s = station();
  const a = receive(s, key(10)).acta;
  // Verifying before scanning.
  expect(code(() => s.wf.verify({ actaId: a.id, version: a.version }, operator))).toEqual({
    code: 'illegalTransition',
    state: 'recibida',
    messageKey: 'workflow.error.illegalTransition',
  });
  expect(code(() => s.wf.markTransmitted({ actaId: a.id }, 'primary'))).toMatchObject({ state: 'recibida' });
  const d = digitise(s, a.id);
  const v = s.wf.verify({ actaId: a.id, version: d.acta.version }, operator);
  // A queued acta cannot be scanned again, nor rejected by the operator.
  expect(code(() => s.wf.beginScan(a.id, v.version, operator))).toMatchObject({
    code: 'illegalTransition',
    state: 'en_cola',
  });
  expect(
    code(() => s.wf.reject({ actaId: a.id, version: v.version, reason: 'borrosa' }, operator)),
  ).toMatchObject({
    state: 'en_cola',
  });
  s.wf.markTransmitted({ actaId: a.id }, 'primary');
  const sent = s.wf.find(a.id)!;
  // Sent: no longer annullable.
  expect(
    code(() => s.wf.annul({ actaId: a.id, version: sent.version, reason: 'error de captura' }, supervisor)),
  ).toMatchObject({
    code: 'illegalTransition',
    state: 'transmitida',
  });
});

it('refuses every supervisor override to an operator, and changes nothing', () => {
  const s = station();
  const a = receive(s, key(11)).acta;
  const d = digitise(s, a.id, [{ suitable: false }]);
  const ref = { actaId: a.id, version: d.acta.version, reason: 'motivo suficiente' };
  const page = d.pages[0]!.id;
  const overrides = [
    () => s.wf.acceptPage({ ...ref, pageId: page }, operator),
    () => s.wf.annul(ref, operator),
    () => s.wf.holdTransmission(ref, operator),
    () => s.wf.releaseTransmission(ref, operator),
    () => s.wf.acceptOutOfCatalogue(ref, operator),
    () => s.wf.resolveConflict({ ...ref, resolution: 'keep_both' }, operator),
    () => s.wf.loadCatalogue('entidad,distrito,seccion,tipo,numero\n9,5,1,B,1', 'x', operator),
  ];
  for (const o of overrides) expect(code(o)?.code).toBe('notSupervisor');
  expect(s.wf.find(a.id)).toMatchObject({ state: 'rechazada', version: d.acta.version });
});

it('a supervisor accepts a rejected page with a reason; then the acta is digitalizada', () => {
  const s = station();
  const a = receive(s, key(12)).acta;
  const d = digitise(s, a.id, [{ suitable: true }, { suitable: false, reason: 'foldedCorner' }]);
  expect(d.acta).toMatchObject({ state: 'rechazada', rejection: { reason: 'workflow.rejection.pages' } });
  const ok = d.pages[0]!.id;
  const bad = d.pages[1]!.id;
  expect(
    code(() =>
      s.wf.acceptPage({ actaId: a.id, version: d.acta.version, pageId: bad, reason: '' }, supervisor),
    )?.code,
  ).toBe('reasonRequired');
  expect(
    code(() =>
      s.wf.acceptPage({ actaId: a.id, version: d.acta.version, pageId: ok, reason: 'legible' }, supervisor),
    )?.code,
  ).toBe('pageNotRejected');
  const r = s.wf.acceptPage(
    { actaId: a.id, version: d.acta.version, pageId: bad, reason: 'la esquina no tapa datos' },
    supervisor,
  );
  expect(r).toMatchObject({ state: 'digitalizada', rejection: null });
  expect(s.wf.get(a.id).pages[1]).toMatchObject({
    acceptedBy: { supervisorId: 'sup-luis', reason: 'la esquina no tapa datos' },
  });
  expect(s.wf.history(a.id).at(-1)).toMatchObject({
    action: 'acta.acceptPage',
    actor: 'sup-luis',
    details: { overridden: ['foldedCorner'], from: 'rechazada', to: 'digitalizada' },
  });
});

it('two screens with the same version: the second is refused as stale', () => {
  const s = station();
  const a = receive(s, key(13)).acta;
  const d = digitise(s, a.id);
  const seen = d.acta.version;
  s.wf.reject({ actaId: a.id, version: seen, reason: 'no se lee el total' }, operator);
  const e = code(() => s.wf.verify({ actaId: a.id, version: seen }, { id: 'op-beto', role: 'operador' }));
  expect(e).toMatchObject({ code: 'staleVersion', state: 'rechazada' });
  expect(s.wf.find(a.id)?.state).toBe('rechazada');
});

it('hold keeps an acta en_cola but unsendable until released; annul removes it from the queue', () => {
  const s = station();
  const a = receive(s, key(14)).acta;
  const q = s.wf.verify({ actaId: a.id, version: digitise(s, a.id).acta.version }, operator);
  const held = s.wf.holdTransmission(
    { actaId: a.id, version: q.version, reason: 'revisar con el consejo' },
    supervisor,
  );
  expect(held).toMatchObject({ state: 'en_cola', held: true });
  expect(code(() => s.wf.markTransmitted({ actaId: a.id }, 'primary'))?.code).toBe('transmissionHeld');
  expect(s.wf.dashboard().held).toBe(1);
  const released = s.wf.releaseTransmission(
    { actaId: a.id, version: held.version, reason: 'revisado' },
    supervisor,
  );
  expect(released.held).toBe(false);
  expect(s.queued).toEqual([a.id, a.id]); // queued again on release
  const annulled = s.wf.annul(
    { actaId: a.id, version: released.version, reason: 'acta de otro distrito' },
    supervisor,
  );
  expect(annulled).toMatchObject({
    state: 'anulada',
    annulment: { reason: 'acta de otro distrito', by: 'sup-luis' },
  });
  expect(s.annulled).toEqual([a.id]);
  expect(new AuditLog(s.db, s.clock).verify().ok).toBe(true);
});
