// The transmission watchdog: what a crash between the workflow's commit and the outbox can leave
// is repaired, and what cannot be repaired is shown (console, Tablero, heartbeat), never silent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchdogPass, type WatchdogRepairs } from '../../../electron/transmit/acta-watchdog';
import type { TransmissionLedgerRow } from '../../../electron/workflow';
import type { OutboxLedgerRow } from '../../../electron/transmit/outbox-types';
import { startTestStation, type TestStation } from '../../helpers/core';
import { cookieAs } from '../../helpers/procedures';
import { ActaFlow } from '../../helpers/acta-flow';
import { formatActaKeyLabel } from '../../../shared/acta-key';
import { StationRejectionsReportSchema } from '../../../shared/intake';
import { heartbeatRejections } from '../../../shared/report';

const acta = (id: number, over: Partial<TransmissionLedgerRow> = {}): TransmissionLedgerRow => ({
  id,
  keyId: `K-${id}`,
  state: 'en_cola',
  held: false,
  replaced: false,
  ...over,
});
const entry = (id: number, actaId: number | null, over: Partial<OutboxLedgerRow> = {}): OutboxLedgerRow => ({
  id,
  actaId,
  actaKey: `K-${actaId}`,
  idempotencyKey: `key-${id}`,
  state: 'pending',
  hold: null,
  attempts: 0,
  manifestsOut: 0,
  ...over,
});

function recorder(ok = true) {
  const done: string[] = [];
  const repairs: WatchdogRepairs = {
    enqueue: (a) => (done.push(`enqueue ${a}`), ok),
    applyReceipt: (e) => (done.push(`receipt ${e}`), ok),
    hold: (a, h) => (done.push(`hold ${a} ${h}`), ok),
  };
  return { done, repairs };
}

describe('one watchdog pass', () => {
  it('repairs what a crash between the two stores leaves', () => {
    const { done, repairs } = recorder();
    const pass = watchdogPass(
      [
        acta(1), // en cola, no entry: enqueue
        acta(2, { state: 'transmitida' }), // its entry delivered: apply the receipt
        acta(3, { held: true }), // held, entry free: hold it
        acta(4), // released, entry still held: release it
        acta(5, { state: 'anulada' }), // annulled, entry still waiting: stop it for good
        acta(6, { held: true }), // held and lost its entry: enqueue, then hold
      ],
      [entry(12, 2, { state: 'delivered' }), entry(13, 3), entry(14, 4, { hold: 'held' }), entry(15, 5)],
      repairs,
    );
    expect(done).toEqual([
      'enqueue 1',
      'receipt 12',
      'hold 3 held',
      'hold 4 null',
      'hold 5 annulled',
      'enqueue 6',
      'hold 6 held',
    ]);
    expect(pass).toMatchObject({ enqueued: 2, acknowledged: 1, holdsFixed: 3, alarms: [] });
  });

  it('raises an alarm for what it cannot repair, and none for a replaced record the central counted', () => {
    const { repairs } = recorder(false);
    const pass = watchdogPass(
      [
        acta(1),
        acta(2, { state: 'transmitida' }),
        acta(3, { state: 'anulada' }),
        acta(4, { state: 'anulada', replaced: true }),
        acta(5, { held: true }),
        acta(6, { state: 'anulada' }),
        acta(7, { state: 'anulada', replaced: true }),
        acta(8, { state: 'anulada' }),
        acta(9, { state: 'anulada' }),
      ],
      [
        entry(12, 2, { state: 'delivered' }),
        entry(13, 3, { state: 'delivered' }),
        entry(14, 4, { state: 'delivered' }),
        entry(15, 5, { hold: 'annulled' }),
        // Held mid-send, then annulled: the manifest had left, so it may have been committed there.
        entry(18, 6, { hold: 'annulled', attempts: 1, manifestsOut: 1 }),
        entry(19, 7, { hold: 'annulled', attempts: 1, manifestsOut: 1 }),
        // Annulled after attempts that never got past the connection: nothing reached the central.
        entry(20, 8, { hold: 'annulled', attempts: 3 }),
        // Annulled after its manifest went out on a USB drive: it may be carried to the central.
        entry(21, 9, { hold: 'annulled', manifestsOut: 1 }),
        entry(16, null),
        entry(17, 99, { state: 'dead' }),
      ],
      repairs,
    );
    expect(pass.alarms.map((a) => [a.kind, a.actaId, a.outboxId])).toEqual([
      ['queuedWithoutEntry', 1, null],
      ['receiptNotApplied', 2, 12],
      ['annulledButCounted', 3, 13],
      ['entryStopped', 5, 15],
      ['annulledAfterAttempt', 6, 18],
      ['annulledAfterAttempt', 9, 21],
      ['entryWithoutActa', null, 16],
      ['entryWithoutActa', 99, 17],
    ]);
  });

  it('walks every record, however many (no page limit)', () => {
    const { done, repairs } = recorder();
    const n = 25_000;
    const actas = Array.from({ length: n }, (_, i) => acta(i + 1));
    const t0 = performance.now();
    const pass = watchdogPass(actas, [], repairs);
    expect(pass.enqueued).toBe(n);
    expect(done).toHaveLength(n);
    console.log(`watchdog pass over ${n} queued actas: ${(performance.now() - t0).toFixed(1)} ms`);
  });
});

describe('the watchdog at a real station and central', () => {
  let st: TestStation;
  let flow: ActaFlow;
  beforeAll(async () => {
    st = await startTestStation({ enrolled: true, config: { transmit: { heartbeatIntervalMs: 1_000 } } });
    flow = new ActaFlow(st.core, await cookieAs(st.core, 'operador'), await cookieAs(st.core, 'supervisor'));
  }, 60_000);
  afterAll(async () => {
    await st?.stop();
  });

  it('an acta whose outbox entry a crash lost is enqueued again and acknowledged', async () => {
    const { db, outbox, actaTransmission, transmitter } = st.core.services;
    transmitter!.pause();
    const a = await flow.receive(
      formatActaKeyLabel({
        year: 2024,
        election: 'SEN',
        entidad: '09',
        distrito: '05',
        seccion: '4001',
        casillaType: 'B',
        casillaNumber: 1,
      }),
    );
    await flow.queue(a.id);
    const lost = outbox.entryOfActa(a.id)!;
    // As if the core died after the workflow's commit and before the outbox's.
    db.prepare('DELETE FROM outbox_images WHERE outbox_id = ?').run(lost.id);
    db.prepare('DELETE FROM outbox WHERE id = ?').run(lost.id);
    expect(outbox.entryOfActa(a.id)).toBeNull();
    expect(actaTransmission.reconcile()).toMatchObject({ enqueued: 1, alarms: [] });
    transmitter!.resume();
    await flow.until(a.id, 'acusada');
    expect(await st.intake.store.records(a.keyId)).toHaveLength(1);
  });

  it('what it cannot repair is on the console, on Tablero and in the heartbeat at the central', async () => {
    const { outbox, actaTransmission } = st.core.services;
    // An entry no acta record owns (an older station's entry the upgrade could not match).
    const item = outbox.entryOfActa(1)!;
    const orphan = outbox.enqueue({
      actaKey: item.actaKey,
      images: item.images,
      times: item.signed.manifest.times,
      stationId: item.signed.manifest.stationId,
      operatorId: 'op',
    });
    expect(orphan.ok).toBe(true);
    outbox.holdEntry(orphan.ok ? orphan.value.id : 0, 'held'); // not sent meanwhile
    expect(actaTransmission.reconcile().alarms).toMatchObject([{ kind: 'entryWithoutActa', actaId: null }]);
    const attention = await flow.call(flow.supervisor, 'query', 'supervisor.actas.attention');
    expect(attention.alarms).toHaveLength(1);
    const dash = await flow.op('query', 'actas.dashboard');
    expect(dash.transmissionAlarms).toBe(1);
    await expect
      .poll(
        async () => {
          const row = await st.intake.store.db.get<{ body: string }>('SELECT body FROM heartbeats');
          return row ? JSON.parse(row.body).health.transmissionAlarms : undefined;
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    // The same heartbeat carries the night's scans and rejections for the central's screens.
    const row = await st.intake.store.db.get<{ body: string }>('SELECT body FROM heartbeats');
    const sent = StationRejectionsReportSchema.parse(JSON.parse(row!.body).health.rejections);
    expect(sent).toEqual(heartbeatRejections(st.core.services.workflow.nightReport()));
    expect(sent.scans).toBeGreaterThan(0);
  });
});

describe('an annulled acta is flagged only when its manifest left the station', () => {
  let st: TestStation;
  let flow: ActaFlow;
  beforeAll(async () => {
    st = await startTestStation({ enrolled: true });
    flow = new ActaFlow(st.core, await cookieAs(st.core, 'operador'), await cookieAs(st.core, 'supervisor'));
  }, 60_000);
  afterAll(async () => {
    await st?.stop();
  });
  const key = (seccion: string) =>
    formatActaKeyLabel({
      year: 2024,
      election: 'DIP',
      entidad: '09',
      distrito: '05',
      seccion,
      casillaType: 'B',
      casillaNumber: 1,
    });
  const alarmsFor = async (actaId: number) =>
    (
      (await flow.call(flow.supervisor, 'query', 'supervisor.actas.attention')).alarms as Array<{
        kind: string;
        actaId: number | null;
      }>
    ).filter((a) => a.actaId === actaId);

  it('attempts that met a closed door: annulled without an alarm, and the central never saw it', async () => {
    const { outbox, actaTransmission, transmitter } = st.core.services;
    // One acta delivered first: the link is known good, so the next acta is tried on it at once,
    // and the central closes its door just then.
    const first = await flow.receive(key('4100'));
    await flow.queue(first.id);
    await flow.until(first.id, 'acusada');
    const a = await flow.receive(key('4101'));
    transmitter!.pause();
    await flow.queue(a.id);
    st.intake.setFault('refuse');
    transmitter!.resume();
    try {
      await expect
        .poll(() => outbox.entryOfActa(a.id)?.attempts ?? 0, { timeout: 15_000 })
        .toBeGreaterThan(0);
      await flow.supervise('annul', a.id);
      actaTransmission.reconcile();
      expect(await alarmsFor(a.id)).toEqual([]);
      expect(await st.intake.store.records(a.keyId)).toHaveLength(0);
    } finally {
      st.intake.setFault('none');
    }
  });

  it('a manifest the central committed with the reply lost: annulled, and the supervisor is told to check', async () => {
    const { outbox, actaTransmission, transmitter } = st.core.services;
    st.intake.setFault('lost-reply');
    const a = await flow.receive(key('4102'));
    try {
      await flow.queue(a.id);
      await expect
        .poll(async () => (await st.intake.store.records(a.keyId)).length, { timeout: 15_000 })
        .toBe(1);
      transmitter!.pause(); // the retry that would bring the receipt back does not come in time
      await flow.supervise('annul', a.id);
    } finally {
      st.intake.setFault('none');
    }
    actaTransmission.reconcile();
    expect(outbox.ledger().find((e) => e.actaId === a.id)?.manifestsOut).toBeGreaterThan(0);
    expect((await alarmsFor(a.id)).map((x) => x.kind)).toEqual(['annulledAfterAttempt']);
    transmitter!.resume();
  });
});
