// A second acta with a key that already has an active acta is never a silent overwrite: it waits
// in en_conflicto until a supervisor keeps the existing one, replaces it, or keeps both.
import { expect, it } from 'vitest';
import { AuditLog } from '../../../electron/security/audit';
import { WorkflowError } from '../../../electron/workflow';
import { digitise, key, operator, receive, station, supervisor, type Station } from './fixture';

function conflictPair(s: Station) {
  const first = receive(s, key(500)).acta;
  const second = receive(s, key(500));
  expect(second.outcome).toBe('conflict');
  expect(second.acta).toMatchObject({ state: 'en_conflicto', conflictWith: first.id });
  expect(second.existing?.id).toBe(first.id);
  return { first, second: second.acta };
}

it('an operator cannot resolve a conflict, nor scan or verify the second acta', () => {
  const s = station();
  const { second } = conflictPair(s);
  const input = {
    actaId: second.id,
    version: second.version,
    resolution: 'replace' as const,
    reason: 'hoja correcta',
  };
  expect(() => s.wf.resolveConflict(input, operator)).toThrowError(
    expect.objectContaining({ code: 'notSupervisor' }) as Error,
  );
  expect(() => s.wf.beginScan(second.id, second.version, operator)).toThrowError(
    expect.objectContaining({
      code: 'illegalTransition',
      extra: expect.objectContaining({ state: 'en_conflicto' }),
    }) as Error,
  );
  expect(() => s.wf.resolveConflict({ ...input, reason: ' ' }, supervisor)).toThrowError(WorkflowError);
});

it('keep the existing: the new one is annulled with the reason', () => {
  const s = station();
  const { first, second } = conflictPair(s);
  const r = s.wf.resolveConflict(
    {
      actaId: second.id,
      version: second.version,
      resolution: 'keep_existing',
      reason: 'la misma acta, entregada dos veces',
    },
    supervisor,
  );
  expect(r.acta).toMatchObject({ state: 'anulada', annulment: { by: 'sup-luis' } });
  expect(s.wf.find(first.id)?.state).toBe('recibida');
  expect(s.annulled).toEqual([second.id]);
});

it('replace: the existing one is annulled and the new one proceeds from acopio', () => {
  const s = station();
  const { first, second } = conflictPair(s);
  const r = s.wf.resolveConflict(
    { actaId: second.id, version: second.version, resolution: 'replace', reason: 'la primera era copia' },
    supervisor,
  );
  expect(r.acta).toMatchObject({ state: 'recibida', supersedesActa: first.id });
  expect(r.existing).toMatchObject({ state: 'anulada', annulment: { reason: 'la primera era copia' } });
  expect(s.wf.history(first.id).at(-1)).toMatchObject({ action: 'acta.annul', actor: 'sup-luis' });
});

/** An acta of key n taken to acusada, as the central's receipt would. */
function acknowledged(s: Station, n: number) {
  const first = receive(s, key(n)).acta;
  const d = digitise(s, first.id);
  s.wf.verify({ actaId: first.id, version: d.acta.version }, operator);
  s.wf.markTransmitted({ actaId: first.id }, 'primary');
  s.wf.markAcknowledged({ actaId: first.id }, `rcpt-${n}`);
  return first;
}

it('replace after the first was already acknowledged: it stays, the new one names it', () => {
  const s = station();
  const first = acknowledged(s, 501);
  const second = receive(s, key(501)).acta;
  expect(second.state).toBe('en_conflicto');
  s.wf.resolveConflict(
    { actaId: second.id, version: second.version, resolution: 'replace', reason: 'corrige la imagen' },
    supervisor,
  );
  expect(s.wf.find(first.id)?.state).toBe('acusada');
  const d2 = digitise(s, second.id);
  s.wf.verify({ actaId: second.id, version: d2.acta.version }, operator);
  expect(s.wf.transmissionItem(second.id)).toMatchObject({
    record: 2,
    resolution: 'replace',
    supersedesActas: [first.id],
  });
  // The transmitter refers to the key: the queued one is the new acta.
  expect(s.wf.markTransmitted('2024-PRES-09-05-0501-B1', 'primary').id).toBe(second.id);
});

it('keep both: both are active records of the key', () => {
  const s = station();
  const { first, second } = conflictPair(s);
  const r = s.wf.resolveConflict(
    {
      actaId: second.id,
      version: second.version,
      resolution: 'keep_both',
      reason: 'dos hojas distintas del acta',
    },
    supervisor,
  );
  expect(r.acta.state).toBe('recibida');
  expect(s.wf.find(first.id)?.state).toBe('recibida');
  for (const id of [first.id, second.id]) expect(digitise(s, id).outcome).toBe('digitalizada');
  // A third arrival of the key is again a conflict, not a silent third record.
  expect(receive(s, key(500)).outcome).toBe('conflict');
  expect(new AuditLog(s.db, s.clock).verify().ok).toBe(true);
});

it('Tablero counts casillas: a replacement or a second record kept does not count twice', () => {
  const s = station();
  acknowledged(s, 601);
  const second = receive(s, key(601)).acta;
  s.wf.resolveConflict(
    { actaId: second.id, version: second.version, resolution: 'replace', reason: 'sello encima' },
    supervisor,
  );
  // The replacement is only received: the casilla stands at that stage until it catches up.
  expect(s.wf.dashboard()).toMatchObject({ received: 1, digitised: 0, acknowledged: 0 });
  const third = receive(s, key(602)).acta;
  const fourth = receive(s, key(602)).acta;
  s.wf.resolveConflict(
    { actaId: fourth.id, version: fourth.version, resolution: 'keep_both', reason: 'dos actas' },
    supervisor,
  );
  expect(third.state).toBe('recibida');
  expect(s.wf.dashboard()).toMatchObject({ received: 2 });
});
