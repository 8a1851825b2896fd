// What must hold at the central, per acta record (not per key: a key may have several records, a
// replacement or two kept by a supervisor): no idempotency key and no station record counted
// twice, nothing there that never entered the station's queue, and for each casilla the records
// that stand (store.records() with supersededBy null) are exactly those the station's decisions
// leave standing — a record stops standing once a record that replaces it (directly, or down a
// chain of replacements) has arrived, in whatever order the two arrived.
import type { CasillaRecord } from '../../central/standing';
import type { StationSnapshot } from './invariants';

export interface CentralView {
  delivered(): Array<{ actaKey: string; manifestSha256: string; idempotencyKey: string }>;
  records(actaKey?: string): CasillaRecord[];
}

/** The central's store as the harnesses hold it (its queries are async, whichever engine). */
export interface CentralSource {
  delivered(): Promise<Array<{ actaKey: string; manifestSha256: string; idempotencyKey: string }>>;
  records(): Promise<CasillaRecord[]>;
}

/** What the central holds now, read once, for the checks (which are synchronous). */
export async function centralSnapshot(source: CentralSource): Promise<CentralView> {
  const delivered = await source.delivered();
  const records = await source.records();
  return {
    delivered: () => delivered,
    records: (actaKey) => (actaKey ? records.filter((r) => r.actaKey === actaKey) : records),
  };
}

/** The records a station record replaces, down the chain of replacements (as the manifest names them). */
export function replacedBy(snapshot: StationSnapshot, actaId: number): number[] {
  const chain: number[] = [];
  for (let r = snapshot.actas.get(actaId)?.supersedes ?? null; r !== null && !chain.includes(r);) {
    chain.push(r);
    r = snapshot.actas.get(r)?.supersedes ?? null;
  }
  return chain;
}

export interface CentralRecord extends CasillaRecord {
  /** The station's acta record this is, through the outbox entry's idempotency key. */
  actaId: number | null;
}

export function centralRecords(snapshot: StationSnapshot, central: CentralView): CentralRecord[] {
  return central
    .records()
    .map((r) => ({ ...r, actaId: snapshot.entries.get(r.idempotencyKey)?.actaId ?? null }));
}

export function checkCentral(snapshot: StationSnapshot, central: CentralView): string[] {
  const violations: string[] = [];
  const records = centralRecords(snapshot, central);

  const count = (ids: string[]) => {
    const n = new Map<string, number>();
    for (const id of ids) n.set(id, (n.get(id) ?? 0) + 1);
    return [...n].filter(([, k]) => k > 1);
  };
  for (const [key, n] of count(central.delivered().map((d) => d.idempotencyKey)))
    violations.push(`the central counted idempotency key ${key} ${n} times`);
  for (const [rec, n] of count(records.map((r) => `${r.stationId} ${r.actaKey} record ${r.record}`)))
    violations.push(`the central counted ${rec} ${n} times, under different idempotency keys`);

  const replaced = new Set<number>();
  for (const r of records) {
    if (r.actaId === null) {
      violations.push(`the central holds ${r.actaKey} record ${r.record}, which no outbox entry sent`);
      continue;
    }
    const acta = snapshot.actas.get(r.actaId);
    if (!acta?.queued)
      violations.push(`acta ${r.actaId} (${r.actaKey}) reached the central but never entered the queue`);
    for (const id of replacedBy(snapshot, r.actaId)) replaced.add(id);
  }
  for (const r of records) {
    if (r.actaId === null) continue;
    const shouldStand = !replaced.has(r.actaId);
    if (shouldStand !== (r.supersededBy === null))
      violations.push(
        `casilla ${r.actaKey}: record ${r.record} (acta ${r.actaId}) ${shouldStand ? 'is marked replaced at the central, but nothing the station sent replaces it' : 'still stands at the central, though a record that replaces it has arrived'}`,
      );
  }
  return violations;
}

/** The casillas' picture at the central, for the report. */
export function standingSummary(records: readonly CasillaRecord[]): {
  casillas: number;
  records: number;
  standing: number;
  replaced: number;
  keptBoth: number;
} {
  const standing = records.filter((r) => r.supersededBy === null);
  const perCasilla = new Map<string, number>();
  for (const r of standing) perCasilla.set(r.actaKey, (perCasilla.get(r.actaKey) ?? 0) + 1);
  return {
    casillas: new Set(records.map((r) => r.actaKey)).size,
    records: records.length,
    standing: standing.length,
    replaced: records.length - standing.length,
    keptBoth: [...perCasilla.values()].filter((n) => n > 1).length,
  };
}
