// A small election night (2 CATDs × 2 stations, 200 actas, heartbeats) from the load generator of
// the central-night bench, through two intake processes on one store, one of them SIGKILLed
// half-way: the stations move to the other node, and the database holds every acta the stations
// hold a receipt for exactly once (none lost, none counted twice, nothing else). Once more with the
// stations split over two processes, as the bench runs them (night-split.ts): each process owns one
// CATD's stations, and the kill is timed on the night's total, counted across both.
import { describe, expect, it } from 'vitest';
import { CentralStore } from '../../central/store';
import { postgresAvailable, startPgCluster, type PgCluster } from '../helpers/pg-cluster';
import { tempDir } from '../helpers/temp';
import { runNightSplit } from '../helpers/night-split';
import { spawnIntake, type IntakeProcess } from '../electron/transmit/fixtures';

const ACTAS = 200;

const engines = [
  { engine: 'sqlite', parts: 1, enabled: true },
  { engine: 'postgres', parts: 1, enabled: postgresAvailable() && process.env.CATD_CENTRAL_PG !== '0' },
  { engine: 'sqlite', parts: 2, enabled: true },
] as const;

describe.each(engines)(
  'a small night at the central ($engine, stations in $parts process(es))',
  ({ engine, parts, enabled }) => {
    it.runIf(enabled)(
      'a node killed mid-night: every receipted acta is in the database once, none lost, none twice',
      async () => {
        const cluster: PgCluster | null = engine === 'postgres' ? await startPgCluster() : null;
        const centralDir = tempDir('catd-night-central-');
        const nodes: IntakeProcess[] = [];
        try {
          const database = cluster ? await cluster.freshDatabase() : undefined;
          const opts = database ? { database } : {};
          nodes.push(await spawnIntake(centralDir, opts), await spawnIntake(centralDir, opts));
          let killedAt = 0;
          const night = await runNightSplit(
            {
              catds: 2,
              stationsPerCatd: 2,
              actas: ACTAS,
              spanSeconds: 4,
              heartbeatMs: 500,
              imageBytes: 4096,
              pages: 1,
              urls: nodes.map((n) => n.url),
              workDir: tempDir('catd-night-stations-'),
              centralDir,
              onReceipt: async (n) => {
                if (n === ACTAS / 2) {
                  killedAt = n;
                  await nodes[0]!.kill();
                }
              },
            },
            parts,
          );
          expect(killedAt).toBe(ACTAS / 2);
          expect(night.refused).toEqual([]);
          expect(night.receipts.size).toBe(ACTAS);
          // The stations that were on the killed node moved to the other one.
          expect(night.failovers).toBeGreaterThan(0);
          expect(night.heartbeats.ok).toBeGreaterThan(0);

          const store = await CentralStore.open(centralDir, database ? { databaseUrl: database } : {});
          try {
            const delivered = await store.delivered();
            const byKey = new Map<string, number>();
            for (const d of delivered) byKey.set(d.idempotencyKey, (byKey.get(d.idempotencyKey) ?? 0) + 1);
            const lost = [...night.receipts.keys()].filter((k) => !byKey.has(k));
            const twice = [...byKey].filter(([, n]) => n > 1);
            expect({ lost, twice, atCentral: delivered.length }).toEqual({
              lost: [],
              twice: [],
              atCentral: ACTAS,
            });
            // Each casilla's acta once, as the manifest the station signed.
            expect(new Set(delivered.map((d) => d.actaKey)).size).toBe(ACTAS);
            for (const d of delivered)
              expect(night.receipts.get(d.idempotencyKey)?.manifestSha256).toBe(d.manifestSha256);
          } finally {
            await store.close();
          }
        } finally {
          for (const n of nodes) await n.kill();
          cluster?.close();
        }
      },
      60_000,
    );
  },
);
