// The end of every reliability run: no more faults, the operator finishes the actas left open,
// the outbox must drain, and then every acta is acknowledged and counted once at the central.
import { checkInvariants, type BlobVerifier, type CentralView, type StationSnapshot } from './invariants';
import type { OperatorDriver } from './operator-driver';
import type { StationClient } from './station-client';

/** Time allowed for the open actas to finish and the outbox to drain. */
export const DRAIN_TIMEOUT_MS = 120_000;
/** A receipt recorded in the outbox reaches the acta's state within a moment. */
const SETTLE_MS = 500;

export interface DrainResult {
  drainMs: number;
  final: StationSnapshot;
  acknowledged: number;
  centralDeliveries: number;
  violations: string[];
}

export async function finishAndDrain(o: {
  client: StationClient;
  driver: OperatorDriver;
  dataDir: string;
  central: CentralView;
  blobs: BlobVerifier;
}): Promise<DrainResult> {
  const violations: string[] = [];
  const check = () => checkInvariants({ ...o, confirmed: o.driver.confirmed });
  const start = Date.now();
  for (;;) {
    const open = await o.client.must('query', 'actas.list', {
      states: ['recibida', 'rechazada', 'digitalizada'],
      limit: 1,
    });
    if (open.total > 0) await o.driver.step(o.client);
    else if (check().snapshot.outbox.pending === 0) break;
    else await new Promise((r) => setTimeout(r, 250));
    if (Date.now() - start > DRAIN_TIMEOUT_MS) {
      violations.push(`the outbox did not drain within ${DRAIN_TIMEOUT_MS} ms`);
      break;
    }
  }
  const drainMs = Date.now() - start;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const end = check();
  violations.push(...end.violations.map((v) => `at the end: ${v}`));
  const final = end.snapshot;
  const acknowledged = [...final.actas.values()].filter((a) => a.state === 'acusada').length;
  if (acknowledged !== final.actas.size)
    violations.push(
      `${final.actas.size - acknowledged} of ${final.actas.size} actas not acknowledged at the end`,
    );
  const centralDeliveries = o.central.delivered().length;
  if (centralDeliveries !== final.actas.size)
    violations.push(`the central holds ${centralDeliveries} deliveries for ${final.actas.size} actas`);
  if (final.outbox.dead > 0) violations.push(`${final.outbox.dead} actas dead-lettered`);
  return { drainMs, final, acknowledged, centralDeliveries, violations };
}
