// A late acopio report's answer (workflow/catd-sightings.ts): another station of the CATD had the
// key first. Before the queue the acta goes en_conflicto for the supervisor; once queued it is
// not pulled back (the central's 409 stands guard): the acta's history gets a notice instead.
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../electron/workflow/actor';
import { digitise, key, operator, station, label, supervisor } from './fixture';

const elsewhere = {
  stationId: 'CATD-0905-01',
  stationName: 'Estación 1',
  receivedAt: '2024-06-02T03:14:00.000Z',
  offsetMinutes: -360,
};

function offlineAcopio(s: ReturnType<typeof station>, seccion: number) {
  const r = s.wf.receive({ keyText: label(key(seccion)), source: 'reader' }, operator, { online: false });
  expect(s.wf.acopioReports.pendingCount()).toBeGreaterThan(0);
  return r.acta;
}

it('puts an acta not yet queued en_conflicto, and settles its report', () => {
  const s = station();
  const a = offlineAcopio(s, 700);
  expect(s.wf.acopioReported(a.id, [elsewhere])).toBe('conflict');
  expect(s.wf.get(a.id).acta.state).toBe('en_conflicto');
  expect(s.wf.acopioReports.get(a.id)?.state).toBe('sent');
  const entry = s.wf.get(a.id).history.find((h) => h.action === 'acta.conflict');
  expect(entry).toMatchObject({
    actor: SYSTEM_ACTOR.id,
    details: { catd: 'late', from: 'recibida', elsewhere },
  });
});

it('leaves a queued acta where it is, with a notice in its history', () => {
  const s = station();
  const a = offlineAcopio(s, 701);
  digitise(s, a.id);
  const v = s.wf.verify({ actaId: a.id, version: s.wf.find(a.id)!.version }, operator);
  expect(v.state).toBe('en_cola');
  expect(s.wf.acopioReported(a.id, [elsewhere])).toBe('notice');
  expect(s.wf.get(a.id).acta.state).toBe('en_cola');
  expect(s.wf.get(a.id).history.map((h) => h.action)).toContain('acta.catdElsewhere');
  expect(s.wf.acopioReports.pendingCount()).toBe(0);
});

it('leaves an acta no other station had as it was', () => {
  const s = station();
  const a = offlineAcopio(s, 702);
  expect(s.wf.acopioReported(a.id, [])).toBe('clear');
  expect(s.wf.get(a.id).acta.state).toBe('recibida');
  expect(s.wf.acopioReports.pendingCount()).toBe(0);
});

it('sends a verified acta the supervisor keeps back to verificada, and on to the queue, not to a rescan', () => {
  const s = station({ autoEnqueue: false });
  const a = offlineAcopio(s, 703);
  digitise(s, a.id);
  const v = s.wf.verify({ actaId: a.id, version: s.wf.find(a.id)!.version }, operator);
  expect(v.state).toBe('verificada');
  expect(s.wf.acopioReported(a.id, [elsewhere])).toBe('conflict');
  const c = s.wf.find(a.id)!;
  const kept = s.wf.resolveConflict(
    { actaId: a.id, version: c.version, resolution: 'keep_both', reason: 'ambas copias son válidas' },
    supervisor,
  ).acta;
  expect(kept.state).toBe('verificada');
  // Its verification stands: it goes on to transmission as it was.
  expect(s.wf.enqueue({ actaId: a.id, version: kept.version }, operator).state).toBe('en_cola');
  const entry = s.wf.get(a.id).history.find((h) => h.action === 'acta.resolveConflict');
  expect(entry?.details).toMatchObject({ from: 'en_conflicto', to: 'verificada', resolution: 'keep_both' });
});

it('sends a digitised acta kept after a late conflict back to verification; one from acopio still starts over', () => {
  const s = station();
  const a = offlineAcopio(s, 704);
  digitise(s, a.id);
  expect(s.wf.acopioReported(a.id, [elsewhere])).toBe('conflict');
  const kept = s.wf.resolveConflict(
    {
      actaId: a.id,
      version: s.wf.find(a.id)!.version,
      resolution: 'keep_both',
      reason: 'ambas copias son válidas',
    },
    supervisor,
  ).acta;
  expect(kept.state).toBe('digitalizada');
  // Its scan is the current one: the operator verifies it without scanning again.
  expect(s.wf.verify({ actaId: a.id, version: kept.version }, operator).state).toBe('en_cola');
  // A conflict at acopio (a second copy here) has nothing scanned: kept, it starts at recibida.
  const again = s.wf.receive({ keyText: label(key(705)), source: 'reader' }, operator, {
    online: true,
    elsewhere,
  }).acta;
  expect(again.state).toBe('en_conflicto');
  const resumed = s.wf.resolveConflict(
    { actaId: again.id, version: again.version, resolution: 'keep_both', reason: 'ambas copias son válidas' },
    supervisor,
  ).acta;
  expect(resumed.state).toBe('recibida');
});

it('lets no one but the supervisor move a late-conflicted acta on', () => {
  const s = station({ autoEnqueue: false });
  const a = offlineAcopio(s, 706);
  digitise(s, a.id);
  expect(s.wf.acopioReported(a.id, [elsewhere])).toBe('conflict');
  const c = s.wf.find(a.id)!;
  expect(() => s.wf.verify({ actaId: a.id, version: c.version }, operator)).toThrow(/illegalTransition/);
  expect(() => s.wf.reject({ actaId: a.id, version: c.version, reason: 'borrosa' }, operator)).toThrow(
    /illegalTransition/,
  );
  expect(s.wf.find(a.id)!.state).toBe('en_conflicto');
});
