// Central intake on each engine: `npm run bench -- central-nodes`
// Two `catd central` processes on one store (SQLite: one data folder; PostgreSQL: one database, a
// private cluster started here), STATIONS enrolled stations delivering ACTAS actas (small images:
// this measures the records, not the disk) through both nodes at once, CONCURRENCY at a time.
// Prints actas per second, delivery and manifest p50/p99 latency, database size, and checks from
// the database that every acta is there exactly once. Not the national night (issue 18): a step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CentralStore } from '../../central/store';
import { LinkClient } from '../../electron/transmit/http-client';
import { deliverOverLink } from '../../electron/transmit/protocol';
import type { OutboxEntry } from '../../electron/transmit/outbox';
import { postgresAvailable, startPgCluster } from '../helpers/pg-cluster';
import { centralDatabaseBytes } from '../helpers/central-size';
import { makeActa, openStationSide, spawnIntake, type TestStationSide } from '../electron/transmit/fixtures';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 10);
const ACTAS = Number(process.env.BENCH_ACTAS ?? 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const IMAGE_BYTES = 4096;

const roots: string[] = [];
function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  roots.push(d);
  return d;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function run(engine: 'sqlite' | 'postgres'): Promise<void> {
  const cluster = engine === 'postgres' ? await startPgCluster() : null;
  const centralDir = tempDir('catd-bench-central-');
  const stations: TestStationSide[] = [];
  const stops: Array<() => unknown> = [];
  try {
    const database = cluster ? await cluster.freshDatabase() : undefined;
    for (let s = 0; s < STATIONS; s++)
      stations.push(
        openStationSide(tempDir('catd-bench-station-'), centralDir, undefined, `CATD-BENCH-${s}`),
      );
    const nodes = await Promise.all([0, 1].map(() => spawnIntake(centralDir, database ? { database } : {})));
    stops.push(...nodes.map((n) => () => n.kill()));
    const work: Array<{ station: TestStationSide; entry: OutboxEntry; client: LinkClient }> = [];
    const clients = stations.map((st) =>
      nodes.map((n) => new LinkClient({ url: n.url, maxConcurrency: 4 }, st.signer)),
    );
    stops.push(() => clients.flat().forEach((c) => c.close()));
    for (let i = 0; i < ACTAS; i++) {
      const s = i % STATIONS;
      const st = stations[s]!;
      const r = st.outbox.enqueue({
        ...makeActa(st.dataDir, i, IMAGE_BYTES, 1),
        stationId: `CATD-BENCH-${s}`,
      });
      if (!r.ok) throw new Error(r.error.messageKey);
      work.push({ station: st, entry: r.value, client: clients[s]![i % 2]! });
    }
    const latencies: number[] = [];
    let retries = 0;
    const started = performance.now();
    const worker = async () => {
      for (let w = work.shift(); w; w = work.shift()) {
        const s = Number(w.entry.signed.manifest.stationId.split('-').at(-1));
        const t0 = performance.now();
        for (;;) {
          const out = await deliverOverLink(w.client, w.entry, {
            stationId: `CATD-BENCH-${s}`,
            centralKeyPem: w.station.centralKeyPem,
          });
          if (out.kind === 'delivered') break;
          if (out.kind === 'permanent') throw new Error(out.error);
          retries++;
        }
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;

    const store = await CentralStore.open(centralDir, database ? { databaseUrl: database } : {});
    const delivered = await store.delivered();
    const unique = new Set(delivered.map((d) => d.idempotencyKey)).size;
    await store.close();
    const dbBytes = await centralDatabaseBytes(centralDir, database);
    console.log(
      `${engine.padEnd(8)} 2 nodes · ${STATIONS} stations · ${ACTAS} actas · ${CONCURRENCY} at once: ` +
        `${(ACTAS / seconds).toFixed(1)} actas/s, delivery p50 ${pct(latencies, 50).toFixed(0)} ms ` +
        `p99 ${pct(latencies, 99).toFixed(0)} ms, ${retries} retries; database ${(dbBytes / 1024 / 1024).toFixed(1)} MiB; ` +
        `at the central ${delivered.length} delivered, ${unique} distinct keys ${delivered.length === ACTAS && unique === ACTAS ? '(each once ✓)' : '✗ MISMATCH'}`,
    );
    if (delivered.length !== ACTAS || unique !== ACTAS) process.exitCode = 1;
  } finally {
    for (const s of stops.reverse()) await s();
    for (const st of stations) st.close();
    cluster?.close();
  }
}

await run('sqlite');
if (postgresAvailable()) await run('postgres');
else console.log('postgres: skipped (no /usr/lib/postgresql/15/bin)');
for (const d of roots) fs.rmSync(d, { recursive: true, force: true });
