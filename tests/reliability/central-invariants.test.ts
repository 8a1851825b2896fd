// The campaign's per-record checks are not vacuous: fed the states an old bug or a broken central
// would leave (a replaced record still standing, a record counted twice under two keys, an acta
// annulled with no decision, a confirmed resolution gone), each one is reported.
import { describe, expect, it } from 'vitest';
import { checkCentral, type CentralView } from './central-invariants';
import { confirmedWork, type ActaRecordRow, type StationSnapshot } from './invariants';
import type { CasillaRecord } from '../../central/standing';
import { DECISION_REASON } from './supervisor-desk';

const KEY = 'PRES-09-05-1234-B1';

function acta(id: number, over: Partial<ActaRecordRow> = {}): ActaRecordRow {
  return {
    id,
    keyId: KEY,
    state: 'acusada',
    recordNo: id,
    conflictWith: null,
    supersedes: null,
    queued: true,
    held: false,
    annulledBy: null,
    annulReason: null,
    ...over,
  };
}

function station(actas: ActaRecordRow[]): StationSnapshot {
  return {
    actas: new Map(actas.map((a) => [a.id, a])),
    entries: new Map(actas.map((a) => [`idem-${a.id}`, { actaId: a.id, state: 'delivered', hold: null }])),
    outbox: { pending: 0, delivered: actas.length, dead: 0, annulled: 0 },
    auditEntries: 0,
    pages: 0,
  };
}

function central(records: Array<{ acta: number; record?: number; by?: number; key?: string }>): CentralView {
  const rows: CasillaRecord[] = records.map((r) => ({
    actaKey: KEY,
    idempotencyKey: r.key ?? `idem-${r.acta}`,
    stationId: 'CATD-1',
    record: r.record ?? r.acta,
    resolution: null,
    receiptId: `r${r.acta}`,
    receivedAt: '2024-06-02T20:00:00Z',
    via: 'primario',
    supersededBy: r.by === undefined ? null : `idem-${r.by}`,
  }));
  return {
    records: () => rows,
    delivered: () =>
      rows.map((r) => ({ actaKey: r.actaKey, manifestSha256: 'x', idempotencyKey: r.idempotencyKey })),
  };
}

describe('the central stands per casilla as the station decided', () => {
  const replaced = station([acta(1), acta(2, { supersedes: 1, conflictWith: 1 })]);

  it('accepts a replacement that stands alone, and both records kept', () => {
    expect(checkCentral(replaced, central([{ acta: 1, by: 2 }, { acta: 2 }]))).toEqual([]);
    const both = station([acta(1), acta(2, { conflictWith: 1 })]);
    expect(checkCentral(both, central([{ acta: 1 }, { acta: 2 }]))).toEqual([]);
  });

  it('reports a replaced record still standing once its replacement arrived', () => {
    expect(checkCentral(replaced, central([{ acta: 1 }, { acta: 2 }]))).toEqual([
      expect.stringContaining('record 1 (acta 1) still stands'),
    ]);
  });

  it('reports a record the station kept marked replaced, and a chain followed to its root', () => {
    const both = station([acta(1), acta(2, { conflictWith: 1 })]);
    expect(checkCentral(both, central([{ acta: 1, by: 2 }, { acta: 2 }]))[0]).toContain(
      'nothing the station sent replaces it',
    );
    const chain = station([
      acta(1),
      acta(2, { supersedes: 1, state: 'anulada' }),
      acta(3, { supersedes: 2 }),
    ]);
    expect(checkCentral(chain, central([{ acta: 1 }, { acta: 3 }]))[0]).toContain(
      'record 1 (acta 1) still stands',
    );
  });

  it('reports a record counted twice, and one that never entered the queue', () => {
    const s = station([acta(1)]);
    s.entries.set('idem-other', { actaId: 1, state: 'delivered', hold: null });
    expect(checkCentral(s, central([{ acta: 1 }, { acta: 1, record: 1, key: 'idem-other' }]))).toContain(
      `the central counted CATD-1 ${KEY} record 1 2 times, under different idempotency keys`,
    );
    const unsent = station([acta(1, { queued: false, state: 'anulada' })]);
    expect(checkCentral(unsent, central([{ acta: 1 }]))[0]).toContain('never entered the queue');
  });
});

describe('confirmed work and decisions survive', () => {
  it('reports an acta annulled with no decision, and a confirmed resolution gone', () => {
    const actas = new Map([
      [1, acta(1, { state: 'anulada' })],
      [2, acta(2, { state: 'anulada', annulledBy: 'supervisor1', annulReason: `${DECISION_REASON}: annul` })],
      [3, acta(3, { state: 'en_conflicto', conflictWith: 1 })],
    ]);
    const confirmed = new Map([
      [1, 'en_cola' as const],
      [2, 'en_cola' as const],
      [3, 'recibida' as const],
    ]);
    expect(confirmedWork(actas, confirmed, new Map([[3, ['replace' as const]]]))).toEqual([
      "acta 1 went from en_cola to anulada without a supervisor's decision",
      'acta 3 went back from recibida to en_conflicto',
      'acta 3: the confirmed replace was lost (en_conflicto, supersedes null)',
    ]);
  });
});
