// The central's PostgreSQL primary dies mid-night: its streaming replica (pg_basebackup, synchronous)
// is promoted, the intake nodes find it by themselves (their --database lists both servers), and
// the station's deliveries go on. Checked from the promoted database at the end: every receipt
// the station holds is there with the same receipt id, no acta is missing, none counted twice.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { deliverOverLink } from '../../electron/transmit/protocol';
import { postgresAvailable, startPgCluster } from '../helpers/pg-cluster';
import { tempDir } from '../helpers/temp';
import { openStationSide } from '../electron/transmit/fixtures';
import { enqueueActas, startTwoNodes } from '../helpers/intake-nodes';

const ACTAS = 24;
/** The primary is killed once this many actas have their receipt. */
const KILL_AFTER = 8;
const SENDERS = 3;
const RETRY_MS = 200;
/** A key claimed on the dead primary's last moment waits out its lease (MANIFEST_LEASE_MS) at most. */
const DELIVERY_DEADLINE_MS = 90_000;

describe.runIf(postgresAvailable() && process.env.CATD_CENTRAL_PG !== '0')(
  'central database failover',
  () => {
    it('promoting the replica loses no acta and counts none twice', async () => {
      const cluster = await startPgCluster();
      const centralDir = tempDir('catd-central-');
      const station = openStationSide(tempDir('catd-station-'), centralDir);
      const cleanups: Array<() => unknown> = [() => cluster.close(), () => station.close()];
      try {
        const primaryUrl = await cluster.freshDatabase();
        const name = new URL(primaryUrl).pathname.slice(1);
        const replica = await cluster.addReplica({ synchronous: true });
        const database = `${primaryUrl},${replica.url(name)}`;
        const { clients, opts } = await startTwoNodes(station, centralDir, database, cleanups);
        const queue = enqueueActas(station, ACTAS, 8_000);
        const receipts = new Map<string, string>();
        let failedAttempts = 0;
        const started = Date.now();
        const sender = async (first: number) => {
          for (let e = queue.shift(), turn = first; e; e = queue.shift()) {
            for (;;) {
              const out = await deliverOverLink(clients[turn++ % clients.length]!, e, opts);
              if (out.kind === 'delivered') {
                receipts.set(e.idempotencyKey, out.receipt.receipt.receiptId);
                break;
              }
              failedAttempts++;
              if (Date.now() - started > DELIVERY_DEADLINE_MS)
                throw new Error(`${e.idempotencyKey}: ${out.error}`);
              await new Promise((r) => setTimeout(r, RETRY_MS));
            }
          }
        };
        const sending = Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(i)));
        await expect
          .poll(() => receipts.size, { timeout: 30_000, interval: 50 })
          .toBeGreaterThanOrEqual(KILL_AFTER);
        cluster.primary.stop('immediate');
        const atKill = receipts.size;
        await cluster.promote(replica);
        await sending;
        expect(receipts.size).toBe(ACTAS);
        expect(atKill).toBeLessThan(ACTAS); // the kill happened mid-run, not after it

        const c = new pg.Client({ connectionString: replica.url(name) });
        await c.connect();
        cleanups.push(() => c.end());
        const done = await c.query<{ k: string; r: string }>(
          `SELECT idempotency_key AS k, receipt_id AS r FROM manifests WHERE state = 'done'`,
        );
        const atCentral = new Map(done.rows.map((row) => [row.k, row.r]));
        expect(atCentral.size).toBe(ACTAS);
        for (const [key, receiptId] of receipts) expect(atCentral.get(key)).toBe(receiptId);
        const twice = await c.query(`SELECT acta_key FROM manifests GROUP BY acta_key HAVING count(*) > 1`);
        expect(twice.rows).toEqual([]);
        console.log(
          `failover: primary killed after ${atKill}/${ACTAS} receipts; ${failedAttempts} failed attempts retried; all ${ACTAS} delivered in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      } finally {
        for (const c of cleanups.reverse()) await c();
      }
    });
  },
);
