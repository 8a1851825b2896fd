// A clean acta from acopio to the central's receipt, as the operator and the transmitter move
// it: every step is in its history with who and when (UTC + offset), and the audit chain holds.
import { expect, it } from 'vitest';
import { AuditLog } from '../../../electron/security/audit';
import { digitise, key, operator, receive, station } from './fixture';

it('takes a clean acta from recibida to acusada, one audited transaction per step', () => {
  const s = station();
  const r = receive(s, key(1234));
  expect(r.outcome).toBe('received');
  expect(r.acta).toMatchObject({
    state: 'recibida',
    keyId: '2024-PRES-09-05-1234-B1',
    display: 'PRES · 09-05 · 1234 B1',
    receivedAt: { utc: '2024-06-02T20:00:00.000Z', offsetMinutes: -360 },
    receivedBy: 'op-ana',
    catalogue: 'unchecked',
  });
  s.clock.advance(20_000);
  const d = digitise(s, r.acta.id, [{ suitable: true }, { suitable: true }]);
  expect(d.outcome).toBe('digitalizada');
  expect(d.acta.pageCount).toBe(2);
  s.clock.advance(15_000);
  const v = s.wf.verify({ actaId: r.acta.id, version: d.acta.version }, operator);
  expect(v.state).toBe('en_cola');
  expect(v.verifiedBy).toBe('op-ana');
  expect(s.queued).toEqual([r.acta.id]);

  const item = s.wf.transmissionItem(r.acta.id);
  expect(item).toMatchObject({
    actaKey: '2024-PRES-09-05-1234-B1',
    stationId: 'CATD-09-05-E1',
    operatorId: 'op-ana',
    times: {
      receivedAt: { utc: '2024-06-02T20:00:00.000Z', offsetMinutes: -360 },
      scannedAt: { utc: '2024-06-02T20:00:20.000Z', offsetMinutes: -360 },
      verifiedAt: { utc: '2024-06-02T20:00:35.000Z', offsetMinutes: -360 },
    },
  });
  expect(item.images.map((i) => i.sha256)).toEqual(d.pages.map((p) => p.sha256));
  expect(item).toMatchObject({ record: 1, resolution: null, supersedesActas: [] });

  const t = s.wf.markTransmitted('2024-PRES-09-05-1234-B1', 'primary');
  expect(t).toMatchObject({ state: 'transmitida', transmittedLink: 'primary' });
  // A retry by the outbox (e.g. over the backup link after a lost answer) changes nothing.
  expect(s.wf.markTransmitted('2024-PRES-09-05-1234-B1', 'backup')).toMatchObject({
    state: 'transmitida',
    transmittedLink: 'primary',
    version: t.version,
  });
  const k = s.wf.markAcknowledged('2024-PRES-09-05-1234-B1', 'rcpt-77');
  expect(k).toMatchObject({ state: 'acusada', receiptId: 'rcpt-77' });
  expect(s.wf.markAcknowledged({ actaId: r.acta.id }, 'rcpt-77').version).toBe(k.version);

  const detail = s.wf.get(r.acta.id);
  expect(detail.history.map((h) => h.action)).toEqual([
    'acta.receive',
    'acta.scanStart',
    'acta.scanEnd',
    'acta.verify',
    'acta.enqueue',
    'acta.transmit',
    'acta.acknowledge',
  ]);
  expect(detail.history[0]).toMatchObject({ actor: 'op-ana', at: { offsetMinutes: -360 } });
  expect(detail.history[5]).toMatchObject({
    actor: 'system',
    details: { link: 'primary', to: 'transmitida' },
  });
  expect(new AuditLog(s.db, s.clock).verify()).toMatchObject({ ok: true, entries: 7 });
});

it('counts the funnel and the activity per 10 minutes for the dashboard', () => {
  const s = station();
  const a = receive(s, key(1)).acta;
  const b = receive(s, key(2)).acta;
  receive(s, key(3));
  s.clock.advance(12 * 60_000);
  const da = digitise(s, a.id);
  digitise(s, b.id, [{ suitable: false }]);
  s.wf.verify({ actaId: a.id, version: da.acta.version }, operator);
  s.wf.markTransmitted({ actaId: a.id }, 'primary');
  const c = s.wf.dashboard();
  expect(c).toMatchObject({
    expected: 0,
    received: 3,
    digitised: 1,
    verified: 1,
    queued: 1,
    sent: 1,
    acknowledged: 0,
  });
  expect(c.byState).toMatchObject({ recibida: 1, rechazada: 1, transmitida: 1 });
  const series = s.wf.timeSeries();
  expect(series.map((p) => p.bucketStart)).toEqual(['2024-06-02T20:00:00.000Z', '2024-06-02T20:10:00.000Z']);
  expect(series[0]).toMatchObject({ received: 3, digitised: 0, sent: 0 });
  expect(series[1]).toMatchObject({ received: 0, digitised: 1, verified: 1, sent: 1 });
});

it('lists actas by state and finds them by any part of the key', () => {
  const s = station();
  receive(s, key(1234, 1));
  receive(s, key(1234, 2, 'C'));
  const other = receive(s, key(77)).acta;
  digitise(s, other.id, [{ suitable: false }]);
  expect(s.wf.list({ search: '1234' }).total).toBe(2);
  expect(s.wf.list({ search: '1234 C2' }).actas.map((a) => a.keyId)).toEqual(['2024-PRES-09-05-1234-C2']);
  expect(s.wf.list({ search: 'PREP|2024|PRES|09|05|0077' }).actas.map((a) => a.id)).toEqual([other.id]);
  expect(s.wf.list({ states: ['rechazada'] }).actas.map((a) => a.id)).toEqual([other.id]);
  expect(s.wf.list({ search: '9999' }).total).toBe(0);
});
