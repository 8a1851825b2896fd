// The catalogue of expected casillas: loaded by a supervisor only, validated line by line, kept
// across restarts; an acta outside it is received but held until a supervisor accepts it.
import { expect, it } from 'vitest';
import { digitise, key, operator, receive, station, supervisor } from './fixture';

const CSV = ['entidad,distrito,seccion,tipo,numero', '9,5,1,B,1', '9,5,2,B,1', '09,05,0003,C,2'].join('\n');

it('reports every bad line and stores nothing from an invalid file', () => {
  const s = station();
  const r = s.wf.loadCatalogue(
    ['entidad,distrito,seccion,tipo,numero', '9,5,1,B,1', '40,5,2,B,1', '9,5,3,X,1', '9,5,1,B,1'].join('\n'),
    'catálogo del distrito 05',
    supervisor,
  );
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.map((e) => [e.line, e.code])).toEqual([
    [3, 'entidad'],
    [4, 'tipo'],
    [5, 'duplicate'],
  ]);
  expect(s.wf.catalogue.info()).toBeNull();
  expect(s.wf.dashboard().expected).toBe(0);
});

it('only a supervisor loads it, and it survives a restart', () => {
  const s = station();
  expect(() => s.wf.loadCatalogue(CSV, 'catálogo del distrito', operator)).toThrowError(
    expect.objectContaining({ code: 'notSupervisor' }) as Error,
  );
  const r = s.wf.loadCatalogue(CSV, 'catálogo del distrito', supervisor);
  expect(r).toMatchObject({
    ok: true,
    value: { replaced: false, catalogue: { entries: 3, loadedBy: 'sup-luis' } },
  });
  s.reopen();
  expect(s.wf.dashboard().expected).toBe(3);
  expect(receive(s, key(3, 2, 'C')).acta.catalogue).toBe('in');
});

it('holds an acta outside the catalogue until a supervisor accepts it', () => {
  const s = station();
  s.wf.loadCatalogue(CSV, 'catálogo del distrito', supervisor);
  const r = receive(s, key(999));
  expect(r).toMatchObject({ outcome: 'outOfCatalogue', acta: { state: 'recibida', catalogue: 'out' } });
  const d = digitise(s, r.acta.id);
  expect(() => s.wf.verify({ actaId: r.acta.id, version: d.acta.version }, operator)).toThrowError(
    expect.objectContaining({ code: 'outOfCatalogueHeld' }) as Error,
  );
  const input = { actaId: r.acta.id, version: d.acta.version, reason: 'casilla especial instalada hoy' };
  expect(() => s.wf.acceptOutOfCatalogue(input, operator)).toThrowError(
    expect.objectContaining({ code: 'notSupervisor' }) as Error,
  );
  const accepted = s.wf.acceptOutOfCatalogue(input, supervisor);
  expect(accepted.catalogue).toBe('accepted');
  expect(s.wf.verify({ actaId: r.acta.id, version: accepted.version }, operator).state).toBe('en_cola');
  expect(s.wf.history(r.acta.id).map((h) => h.action)).toContain('acta.acceptOutOfCatalogue');
});

it('replacing the catalogue is audited and re-checks actas not yet verified', () => {
  const s = station();
  const early = receive(s, key(4)).acta; // before any catalogue: unchecked
  expect(early.catalogue).toBe('unchecked');
  s.wf.loadCatalogue(CSV, 'primera carga', supervisor);
  expect(s.wf.find(early.id)?.catalogue).toBe('out');
  const r = s.wf.loadCatalogue(`${CSV}\n9,5,4,B,1`, 'faltaba la sección 4', supervisor);
  expect(r).toMatchObject({ ok: true, value: { replaced: true, nowIn: [early.id], nowOut: [] } });
  const actions = s.db
    .prepare<[], { action: string; details: string }>(
      `SELECT action, details FROM audit_log WHERE subject = 'catalogue'`,
    )
    .all();
  expect(actions.map((a) => a.action)).toEqual(['catalogue.load', 'catalogue.replace']);
  expect(JSON.parse(actions[1]!.details)).toMatchObject({ entries: 4, reason: 'faltaba la sección 4' });
});
