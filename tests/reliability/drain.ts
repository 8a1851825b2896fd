// The end of every reliability run: no more faults, the operator finishes the actas left open and
// the supervisor the conflicts and holds, the outbox must drain, and then, per acta record: every
// record that reached the queue and was not annulled is acusada and delivered exactly once; a
// record annulled before it was queued never reached the central; one annulled once queued (held
// first) may have been counted before the hold cut its send short, but then it may not stand.
import { checkInvariants, type BlobVerifier, type StationSnapshot } from './invariants';
import { centralSnapshot, standingSummary, type CentralSource } from './central-invariants';
import type { OperatorDriver } from './operator-driver';
import type { StationClient } from './station-client';

/** Time allowed for the open actas to finish and the outbox to drain. */
export const DRAIN_TIMEOUT_MS = 120_000;
/** A receipt recorded in the outbox reaches the acta's state within a moment. */
const SETTLE_MS = 500;

export interface DrainResult {
  drainMs: number;
  final: StationSnapshot;
  /** Acta records acusada at the end. */
  acknowledged: number;
  /** Records that entered the queue and were not annulled: each must be acknowledged once. */
  mustCount: number;
  /** Records annulled before they were queued, and after (held, then annulled). */
  annulledUnsent: number;
  annulledQueued: number;
  /** Of those annulled once queued, how many the central had already counted (then replaced). */
  annulledCounted: number;
  centralDeliveries: number;
  central: ReturnType<typeof standingSummary>;
  violations: string[];
}

export async function finishAndDrain(o: {
  client: StationClient;
  driver: OperatorDriver;
  dataDir: string;
  central: CentralSource;
  blobs: BlobVerifier;
}): Promise<DrainResult> {
  const violations: string[] = [];
  const check = async () =>
    checkInvariants({
      ...o,
      central: await centralSnapshot(o.central),
      confirmed: o.driver.confirmed,
      decisions: o.driver.supervisor?.confirmed,
    });
  o.driver.finishing = true;
  const start = Date.now();
  for (;;) {
    if (await o.driver.openWork(o.client)) await o.driver.step(o.client);
    else if ((await check()).snapshot.outbox.pending === 0) break;
    else await new Promise((r) => setTimeout(r, 250));
    if (Date.now() - start > DRAIN_TIMEOUT_MS) {
      violations.push(`the outbox did not drain within ${DRAIN_TIMEOUT_MS} ms`);
      break;
    }
  }
  const drainMs = Date.now() - start;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const end = await check();
  violations.push(...end.violations.map((v) => `at the end: ${v}`));
  const final = end.snapshot;

  const atCentral = await centralSnapshot(o.central);
  const delivered = new Map<string, number>();
  for (const d of atCentral.delivered())
    delivered.set(d.idempotencyKey, (delivered.get(d.idempotencyKey) ?? 0) + 1);
  const keyOf = new Map<number, string>();
  for (const [key, e] of final.entries) if (e.actaId !== null) keyOf.set(e.actaId, key);
  const standing = new Set(
    atCentral
      .records()
      .filter((r) => r.supersededBy === null)
      .map((r) => r.idempotencyKey),
  );
  let acknowledged = 0;
  let mustCount = 0;
  let annulledUnsent = 0;
  let annulledQueued = 0;
  let annulledCounted = 0;
  for (const a of final.actas.values()) {
    const key = keyOf.get(a.id);
    const times = key ? (delivered.get(key) ?? 0) : 0;
    if (a.state === 'acusada') acknowledged++;
    if (a.state === 'anulada') {
      if (!a.queued) annulledUnsent++;
      else annulledQueued++;
      if (times > 0) annulledCounted++;
      if (times > 0 && !a.queued)
        violations.push(
          `acta ${a.id} (${a.keyId}) was annulled before it was queued and reached the central`,
        );
      if (key && standing.has(key))
        violations.push(`acta ${a.id} (${a.keyId}) was annulled at the station and stands at the central`);
      continue;
    }
    mustCount++;
    if (a.state !== 'acusada')
      violations.push(`acta ${a.id} (${a.keyId}) is ${a.state} at the end, not acusada`);
    if (times !== 1) violations.push(`acta ${a.id} (${a.keyId}) was delivered ${times} times`);
  }
  const centralDeliveries = [...delivered.values()].reduce((s, n) => s + n, 0);
  if (centralDeliveries !== mustCount + annulledCounted)
    violations.push(
      `the central holds ${centralDeliveries} deliveries for ${mustCount} records that must count and ${annulledCounted} annulled ones it had already counted`,
    );
  if (final.outbox.dead > 0) violations.push(`${final.outbox.dead} actas dead-lettered`);
  return {
    drainMs,
    final,
    acknowledged,
    mustCount,
    annulledUnsent,
    annulledQueued,
    annulledCounted,
    centralDeliveries,
    central: standingSummary(atCentral.records()),
    violations,
  };
}
