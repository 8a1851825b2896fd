// Two `catd central` processes on one database (a PostgreSQL URL, or a primary,replica list) and a
// test station with a link client to each: the setup every several-nodes test starts from.
import { LinkClient } from '../../electron/transmit/http-client';
import type { OutboxEntry } from '../../electron/transmit/outbox';
import {
  makeActa,
  spawnIntake,
  STATION_ID,
  type IntakeProcess,
  type TestStationSide,
} from '../electron/transmit/fixtures';

export interface TwoNodes {
  nodes: IntakeProcess[];
  clients: LinkClient[];
  /** What deliverOverLink needs to check the receipts. */
  opts: { stationId: string; centralKeyPem: string };
}

/** Starts the two nodes; what must be stopped afterwards is pushed on cleanups. */
export async function startTwoNodes(
  station: TestStationSide,
  centralDir: string,
  database: string,
  cleanups: Array<() => unknown>,
): Promise<TwoNodes> {
  const nodes = await Promise.all([
    spawnIntake(centralDir, { database }),
    spawnIntake(centralDir, { database }),
  ]);
  cleanups.push(...nodes.map((n) => () => n.kill()));
  const clients = nodes.map((n) => new LinkClient({ url: n.url, maxConcurrency: 4 }, station.signer));
  cleanups.push(...clients.map((c) => () => c.close()));
  return { nodes, clients, opts: { stationId: STATION_ID, centralKeyPem: station.centralKeyPem } };
}

/** Actas 1..count queued in the station's outbox, each one page of `bytes`. */
export function enqueueActas(station: TestStationSide, count: number, bytes: number): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (let n = 1; n <= count; n++) {
    const r = station.outbox.enqueue(makeActa(station.dataDir, n, bytes, 1));
    if (!r.ok) throw new Error(r.error.messageKey);
    entries.push(r.value);
  }
  return entries;
}
