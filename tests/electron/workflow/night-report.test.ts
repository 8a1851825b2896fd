// The night report from a small night: who received, scanned, verified and rejected what, the
// gate's reasons and the typed F7 reason counted apart, and the CSV a spreadsheet opens safely.
import { expect, it } from 'vitest';
import { digitise, key, operator, receive, station } from './fixture';
import { heartbeatRejections, nightReportCsv } from '../../../shared/report';
import { StationRejectionsReportSchema } from '../../../shared/intake';
import { translate } from '../../../shared/messages/translate';

it('counts per operator and per reason, and exports the same figures as CSV', () => {
  const s = station();
  const other = { id: 'op-beto', role: 'operador' as const };
  const a = receive(s, key(1)).acta;
  const b = receive(s, key(2)).acta;
  receive(s, key(3), other);
  const blurred = digitise(s, a.id, [{ suitable: false, reason: 'blur' }]);
  expect(blurred.acta.state).toBe('rechazada');
  const good = digitise(s, b.id);
  s.wf.reject({ actaId: b.id, version: good.acta.version, reason: '=hoja doblada' }, operator);

  const r = s.wf.nightReport();
  expect(r.operators).toEqual([
    { operator: 'op-ana', received: 2, scanned: 2, verified: 0, rejected: 1 },
    { operator: 'op-beto', received: 1, scanned: 0, verified: 0, rejected: 0 },
  ]);
  expect(r.rejections).toEqual(
    expect.arrayContaining([
      { kind: 'gate', reason: 'quality.reason.blur', count: 1 },
      { kind: 'verification', reason: '=hoja doblada', count: 1 },
    ]),
  );
  expect(r.hours.reduce((n, h) => n + h.received, 0)).toBe(3);
  expect(r.transmission).toMatchObject({ count: 0, medianSeconds: null });

  const csv = nightReportCsv(r, (k, v) => translate(k, v ?? {}));
  expect(csv).toContain('Operador,Recibidas,Escaneadas,Verificadas,Rechazadas (F7)');
  expect(csv).toContain('op-ana,2,2,0,1');
  expect(csv).toMatch(/Revisión de calidad,Imagen borrosa[^,\n]*,1/);
  // A typed reason starting with "=" stays text in a spreadsheet.
  expect(csv).toContain("Verificación (F7),'=hoja doblada,1");

  // What the heartbeat carries to the central's screens: the scans and the same reasons.
  const sent = StationRejectionsReportSchema.parse(heartbeatRejections(r));
  expect(sent.scans).toBe(2);
  expect(sent.byReason).toEqual(expect.arrayContaining(r.rejections));
});
