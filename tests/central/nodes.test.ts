// Several `catd central` processes on one PostgreSQL (the data folder shared, as a shared file
// system would be): the same signed manifest posted to two nodes at the same moment is committed
// once and both answers carry the one receipt; a station whose node is killed delivers the rest
// through the other, and the database holds each acta exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkClient } from '../../electron/transmit/http-client';
import { deliverOverLink, type DeliveryOutcome } from '../../electron/transmit/protocol';
import type { OutboxEntry } from '../../electron/transmit/outbox';
import { postgresAvailable, startPgCluster, type PgCluster } from '../helpers/pg-cluster';
import { tempDir } from '../helpers/temp';
import { enqueueActas, startTwoNodes } from '../helpers/intake-nodes';
import { CentralStore } from '../../central/store';
import { recountProgress, settledCounts } from '../helpers/progress-recount';
import {
  centralCounts,
  makeActa,
  openStationSide,
  spawnIntake,
  startTransmitter,
} from '../electron/transmit/fixtures';

/** Actas raced through both nodes at once. */
const RACED = 12;
/** A 409 (the other node holds the key) is tried again after this. */
const RETRY_MS = 100;

describe.runIf(postgresAvailable() && process.env.CATD_CENTRAL_PG !== '0')(
  'intake nodes on one PostgreSQL',
  () => {
    let cluster: PgCluster;
    beforeAll(async () => {
      cluster = await startPgCluster();
    });
    afterAll(() => cluster?.close());

    it('two nodes receiving the same manifests at the same moment give one receipt each, counted once', async () => {
      const centralDir = tempDir('catd-central-');
      const station = openStationSide(tempDir('catd-station-'), centralDir);
      const cleanups: Array<() => unknown> = [() => station.close()];
      try {
        const database = await cluster.freshDatabase();
        const { nodes, clients, opts } = await startTwoNodes(station, centralDir, database, cleanups);
        const entries = enqueueActas(station, RACED, 20_000);
        const deliverUntilDone = async (client: LinkClient, e: OutboxEntry): Promise<DeliveryOutcome> => {
          for (let i = 0; i < 100; i++) {
            const out = await deliverOverLink(client, e, opts);
            if (out.kind === 'delivered' || out.kind === 'permanent') return out;
            await new Promise((r) => setTimeout(r, RETRY_MS));
          }
          throw new Error(`${e.idempotencyKey} never delivered`);
        };
        // Each acta to both nodes at once: images and manifest race on every step.
        const outcomes = await Promise.all(
          entries.map((e) => Promise.all(clients.map((c) => deliverUntilDone(c, e)))),
        );
        let replays = 0;
        for (const pair of outcomes) {
          const [a, b] = pair as [DeliveryOutcome, DeliveryOutcome];
          expect([a.kind, b.kind]).toEqual(['delivered', 'delivered']);
          if (a.kind !== 'delivered' || b.kind !== 'delivered') continue;
          expect(b.receipt.receipt.receiptId).toBe(a.receipt.receipt.receiptId);
          if (a.replayed !== b.replayed) replays++;
        }
        // One of the two answers of each acta is the commit, the other its replay.
        expect(replays).toBe(RACED);

        // A node killed: the station's other URL takes the next acta; nothing counted twice.
        await nodes[0]!.kill();
        const late = station.outbox.enqueue(makeActa(station.dataDir, RACED + 1, 20_000, 1));
        if (!late.ok) throw new Error(late.error.messageKey);
        expect((await deliverOverLink(clients[0]!, late.value, opts)).kind).toBe('link');
        expect((await deliverUntilDone(clients[1]!, late.value)).kind).toBe('delivered');

        const store = await CentralStore.open(centralDir, { databaseUrl: database });
        cleanups.push(() => store.close());
        const delivered = await store.delivered();
        expect(delivered).toHaveLength(RACED + 1);
        expect(new Set(delivered.map((d) => d.idempotencyKey)).size).toBe(RACED + 1);
        expect(await store.db.get(`SELECT count(*) AS n FROM manifests WHERE state <> 'done'`)).toEqual({
          n: 0,
        });
        // The screens' counts, kept by whichever node committed, raced and replayed: each acta
        // once (no catalogue here: every one out of catalogue), as a recount finds.
        const counts = await settledCounts(store.db);
        expect(counts).toEqual(await recountProgress(store.db));
        expect(counts.reduce((n, c) => n + c.outOfCatalogue, 0)).toBe(RACED + 1);
      } finally {
        for (const c of cleanups.reverse()) await c();
      }
    });

    it('a station listing two nodes as its links moves to the second when the first is killed, each acta once', async () => {
      const centralDir = tempDir('catd-central-');
      const station = openStationSide(tempDir('catd-station-'), centralDir);
      const cleanups: Array<() => unknown> = [() => station.close()];
      try {
        const database = await cluster.freshDatabase();
        const [first, second] = await Promise.all([
          spawnIntake(centralDir, { database }),
          spawnIntake(centralDir, { database }),
        ]);
        cleanups.push(
          () => first!.kill(),
          () => second!.kill(),
        );
        const N = 16;
        for (let n = 1; n <= N; n++)
          expect(station.outbox.enqueue(makeActa(station.dataDir, n, 20_000, 1)).ok).toBe(true);
        const { tx, events } = startTransmitter(
          station,
          { primary: first!.url, backup: second!.url },
          {
            // Two nodes of one central, both over the CATD's main link: same role, in priority order.
            links: [
              { name: 'nodo-1', role: 'primary', priority: 1, url: first!.url },
              { name: 'nodo-2', role: 'primary', priority: 2, url: second!.url },
            ],
          },
        );
        cleanups.push(() => tx.stop());
        await expect
          .poll(() => events.filter((e) => e.type === 'delivered').length, { timeout: 20_000 })
          .toBeGreaterThanOrEqual(3);
        await first!.kill();
        await expect.poll(() => tx.activeLink(), { timeout: 5_000, interval: 20 }).toBe('nodo-2');
        // A key the dead node had claimed waits out its lease (MANIFEST_LEASE_MS) at most.
        await expect
          .poll(() => station.outbox.counts(), { timeout: 60_000 })
          .toEqual({ pending: 0, dead: 0, delivered: N });
        const store = await CentralStore.open(centralDir, { databaseUrl: database });
        cleanups.push(() => store.close());
        const counts = centralCounts(await store.delivered());
        expect(counts.size).toBe(N);
        expect([...counts.values()].every((c) => c === 1)).toBe(true);
        expect(events.some((e) => e.type === 'delivered' && e.link === 'nodo-2')).toBe(true);
      } finally {
        for (const c of cleanups.reverse()) await c();
      }
    }, 120_000);
  },
);
