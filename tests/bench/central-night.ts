// The national night at the central (issue 18): `npm run bench -- central-night`
// CATDS × STATIONS enrolled stations (tests/helpers/night-load.ts: the station's own signing and
// protocol code) send ACTAS actas on a night's arrival curve and a heartbeat every 30 s each.
// The goal (issue 18): the whole 515,000-acta night in under an hour of wall time on 2 cores, with
// manifest p99 ≤ 500 ms. So that the goal can be met at all, the arrival curve is compressed to a
// pace faster than the goal: at PACE 1.2 the 515,000 actas arrive within 50 min, and the night
// "takes" from its first arrival to its last receipt; a central that keeps up finishes a little
// after the curve, one that does not lets the stations queue and finishes late. (Before, the curve
// spanned exactly 60 min, so no central, however fast, could show a night under an hour.)
// A smaller ACTAS is a slice of that night at the same rates (the same actas per second), so its
// wall time × 515,000 / ACTAS is the projected full night.
// Heartbeats: every 30 s of wall time per station by default, which is the real night's load
// (1,500 stations: 50 a second); BENCH_NIGHT_HEARTBEAT=compressed sends them every 30 s of a
// NIGHT_HOURS night compressed into the curve's span (the old default: 1,500 stations then send
// 400 a second, a heavier load than any real night).
// Three runs, one after the other: one node on the embedded engine and one node on PostgreSQL (the
// baselines), then two `catd central` processes on one PostgreSQL behind the stations' own
// round-robin, with a synchronous pg_basebackup replica: one node SIGKILLed at 40 % of the receipts,
// the primary killed and the replica promoted at 70 %. After each run the database is asked whether
// every acta a station holds a receipt for is there exactly once.
// The station's own work (keys, scanned pages and their hashes) is prepared before the clock
// starts; the central's CPU (intake processes and PostgreSQL) is measured apart from the stations'.
//   BENCH_NIGHT_ACTAS (600; 515000 for the full night), BENCH_NIGHT_CATDS (20; 300 at national scale),
//   BENCH_NIGHT_STATIONS (5 per CATD), BENCH_NIGHT_IMAGE_BYTES (4096), BENCH_NIGHT_PAGES (1),
//   BENCH_NIGHT_PACE (1.2), BENCH_NIGHT_HEARTBEAT (real | compressed), BENCH_NIGHT_HOURS (8, for
//   compressed heartbeats), BENCH_NIGHT_REPLICA (1; 0: no replica failover),
//   BENCH_NIGHT_ONLY=failover (only the two-node PostgreSQL run) or =sqlite or =postgres (one node),
//   BENCH_NIGHT_PROFILE=DIR (the intake processes write a V8 CPU profile there: stopped by SIGTERM;
//   the stations' side too, over the night),
//   BENCH_NIGHT_NODES (1: intake processes of the one-node runs; 2 puts one on each core),
//   BENCH_NIGHT_PIN (the failover run's intake nodes' cores: 0 by default on 2 cores; none),
//   BENCH_NIGHT_STATION_PROCS (processes the stations are split over: 2 by default on 2 cores),
//   BENCH_NIGHT_STATION_NICE (their scheduling priority, process and session: -10 by default,
//   ahead of the central, as machines of their own; off).
// Each run also asks every node's health every 250 ms: how long a central takes to answer a
// request that touches no database is its event loop's delay as a station sees it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CentralStore } from '../../central/store';
import { postgresAvailable, startPgCluster, type PgCluster, type PgNode } from '../helpers/pg-cluster';
import { percentile, peakRate, type NightResult } from '../helpers/night-load';
import { runNightSplit } from '../helpers/night-split';
import { spawnIntake, type IntakeProcess } from '../electron/transmit/fixtures';
import { centralDatabaseBytes, treeBytes } from '../helpers/central-size';
import { INTAKE_HEALTH_PATH } from '../../shared/intake';

const FULL_NIGHT = 515_000;
const ACTAS = Number(process.env.BENCH_NIGHT_ACTAS ?? 600);
const CATDS = Number(process.env.BENCH_NIGHT_CATDS ?? 20);
const STATIONS = Number(process.env.BENCH_NIGHT_STATIONS ?? 5);
const IMAGE_BYTES = Number(process.env.BENCH_NIGHT_IMAGE_BYTES ?? 4096);
const PAGES = Number(process.env.BENCH_NIGHT_PAGES ?? 1);
const NIGHT_HOURS = Number(process.env.BENCH_NIGHT_HOURS ?? 8);
const REPLICA = process.env.BENCH_NIGHT_REPLICA !== '0';
/** How much faster than the goal (the full night's arrivals in one hour) the actas arrive. */
const PACE = Number(process.env.BENCH_NIGHT_PACE ?? 1.2);
/** The slice's share of the arrival curve: the full night's arrivals in 60 / PACE minutes. */
const SPAN_S = (3600 * ACTAS) / FULL_NIGHT / PACE;
const COMPRESSED_BEATS = process.env.BENCH_NIGHT_HEARTBEAT === 'compressed';
/** 30 s of wall time (a real station), or 30 s of a NIGHT_HOURS night on the compressed curve. */
const HEARTBEAT_MS = COMPRESSED_BEATS ? Math.max(200, 30_000 / NIGHT_HOURS / PACE) : 30_000;
const CLK_TCK = 100;
const FAILOVER_WINDOW_MS = 30_000;
/** A file for every manifest's start and latency, and the failover events (to look at the tail). */
const DUMP = process.env.BENCH_NIGHT_DUMP;
const PROFILE_DIR = process.env.BENCH_NIGHT_PROFILE;
/**
 * Where the intake nodes of a two-node run may run (taskset): production gives the nodes machines
 * of their own, apart from PostgreSQL and the stations; on one 2-core machine two nodes left free
 * take both cores at the peak and starve the database and the stations (measured: p99 0.7-2.4 s
 * against 0.3 s). So by default, on up to 2 cores, both nodes share core 0 and PostgreSQL (primary
 * and replica) and the stations use both. BENCH_NIGHT_PIN=none leaves them free; =0,1 etc. sets it.
 */
const PIN_SETTING = process.env.BENCH_NIGHT_PIN;
const NODES = Number(process.env.BENCH_NIGHT_NODES ?? 1) as 1 | 2;
/**
 * Processes the stations run in (night-split.ts; default 2 on 2 cores or more). In one, 1,500
 * stations' work at the peak took more than its thread: on the 30,000-acta slice, manifest p99
 * 495–629 ms in one process against 326–360 ms in two (and the central's health, asked from the
 * same process, p99 204–258 ms against 37–51 ms), the same central.
 */
const STATION_PROCS = Number(process.env.BENCH_NIGHT_STATION_PROCS ?? Math.min(2, os.availableParallelism()));
/** The stations' processes' nice (night-split.ts prioritise): ahead of the central by default; `off` leaves it. */
const STATION_NICE_SETTING = process.env.BENCH_NIGHT_STATION_NICE ?? '-10';
const STATION_NICE = STATION_NICE_SETTING === 'off' ? null : Number(STATION_NICE_SETTING);
// --cpu-prof writes when the process exits, so profiled intake processes are stopped gently.
const NODE_ARGS = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [];

const roots: string[] = [];
function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  roots.push(d);
  return d;
}

/** Every process (and thread) of an intake node's process group on the given cores (taskset). */
function pinGroup(pgid: number, cpus: string): void {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      execFileSync('taskset', ['-a', '-p', '-c', cpus, name], { stdio: 'ignore' });
    } catch {
      /* gone */
    }
  }
}

/** CPU seconds of the central's processes (intake process groups, PostgreSQL server), sampled. */
class CpuMeter {
  private readonly seen = new Map<number, { ticks: number; postgres: boolean }>();
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly groups: () => number[],
    private readonly postmaster: () => number | null,
  ) {}
  private sample(): void {
    const groups = new Set(this.groups());
    const pm = this.postmaster();
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      } catch {
        continue;
      }
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(name);
      const [ppid, pgrp] = [Number(f[1]), Number(f[2])];
      if (!groups.has(pgrp) && pid !== pm && ppid !== pm) continue;
      const ticks = Number(f[11]) + Number(f[12]);
      const postgres = !groups.has(pgrp);
      this.seen.set(pid, { ticks: Math.max(this.seen.get(pid)?.ticks ?? 0, ticks), postgres });
    }
  }
  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 500);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.seconds(() => true);
  }
  /** Of which the PostgreSQL server's processes. */
  postgresSeconds(): number {
    return this.seconds((p) => p);
  }
  private seconds(which: (postgres: boolean) => boolean): number {
    return (
      [...this.seen.values()].filter((v) => which(v.postgres)).reduce((a, b) => a + b.ticks, 0) / CLK_TCK
    );
  }
}

function postmasterPid(node: PgNode | null): number | null {
  if (!node) return null;
  try {
    return Number(fs.readFileSync(path.join(node.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
}

/** Every node's health asked every 250 ms (one question at a time per node): answer times. */
class HealthProbe {
  readonly ms: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  start(urls: string[]): void {
    const busy = new Set<string>();
    this.timer = setInterval(() => {
      for (const url of urls) {
        if (busy.has(url)) continue;
        busy.add(url);
        const t = performance.now();
        void fetch(`${url}${INTAKE_HEALTH_PATH}`)
          .then(async (r) => {
            await r.arrayBuffer();
            if (r.ok) this.ms.push(performance.now() - t);
          })
          .catch(() => {}) // a node this bench killed
          .finally(() => busy.delete(url));
      }
    }, 250);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

interface RunFigures {
  label: string;
  night: NightResult;
  healthMs: number[];
  cpuSeconds: number;
  postgresCpuSeconds: number;
  /** The load generator's CPU over the night (the stations' signing and requests, and this bench's probes). */
  stationsCpuSeconds: number;
  dbBytes: number;
  imageBytes: number;
  exactlyOnce: { lost: number; twice: number; extra: number; unfinished: number };
  load: [number, number];
  events: string[];
  /** performance.now() of each failover event (a node killed, the primary killed). */
  eventAt: number[];
}

async function runOnce(
  label: string,
  engine: 'sqlite' | 'postgres',
  nodeCount: number,
  failover: boolean,
): Promise<RunFigures> {
  const cluster: PgCluster | null = engine === 'postgres' ? await startPgCluster() : null;
  const centralDir = tempDir('catd-night-central-');
  const nodes: IntakeProcess[] = [];
  const events: string[] = [];
  const eventAt: number[] = [];
  let replica: PgNode | null = null;
  try {
    let database = cluster ? await cluster.freshDatabase() : undefined;
    const dbName = database?.split('/').at(-1);
    if (cluster && failover && REPLICA) {
      replica = await cluster.addReplica({ synchronous: true });
      database = `${database},${replica.url(dbName)}`;
    }
    for (let i = 0; i < nodeCount; i++)
      nodes.push(await spawnIntake(centralDir, { ...(database ? { database } : {}), nodeArgs: NODE_ARGS }));
    const pin = PIN_SETTING ?? (failover && nodeCount > 1 && os.cpus().length <= 2 ? '0' : 'none');
    if (pin !== 'none') for (const n of nodes) pinGroup(n.proc.child.pid!, pin);
    if (pin !== 'none') events.push(`intake nodes pinned to core(s) ${pin} (BENCH_NIGHT_PIN)`);
    let livePg: PgNode | null = cluster?.primary ?? null;
    const cpu = new CpuMeter(
      () => nodes.map((n) => n.proc.child.pid!),
      () => postmasterPid(livePg),
    );
    const t0 = performance.now();
    const at = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    const load0 = os.loadavg()[0]!;
    cpu.start();
    const health = new HealthProbe();
    health.start(nodes.map((n) => n.url));
    let lastCount = -1;
    let stalled = 0;
    const progress = setInterval(() => {
      console.log(`  … ${at()}: ${receipted} receipts`);
      stalled = receipted === lastCount ? stalled + 1 : 0;
      lastCount = receipted;
      // Four quarter-minutes without one receipt: the central is down for good; say why and stop.
      if (stalled < 4) return;
      nodes.forEach((nd, i) => {
        const c = nd.proc.child;
        console.log(
          `  node ${i + 1}: exit ${c.exitCode ?? c.signalCode ?? 'running'}; ${nd.proc.output.slice(-40).join(' | ')}`,
        );
      });
      console.log('  ✗ FAILED: no receipt for a minute');
      process.exit(1);
    }, 15_000);
    progress.unref();
    let receipted = 0;
    const night = await runNightSplit(
      {
        catds: CATDS,
        stationsPerCatd: STATIONS,
        actas: ACTAS,
        spanSeconds: SPAN_S,
        heartbeatMs: HEARTBEAT_MS,
        imageBytes: IMAGE_BYTES,
        pages: PAGES,
        urls: nodes.map((n) => n.url),
        workDir: tempDir('catd-night-stations-'),
        centralDir,
        ...(PROFILE_DIR ? { profileFile: path.join(PROFILE_DIR, `stations-${Date.now()}.cpuprofile`) } : {}),
        onReceipt: async (n) => {
          receipted = n;
          if (!failover) return;
          if (n === Math.floor(ACTAS * 0.4)) {
            eventAt.push(performance.now());
            await nodes[0]!.kill();
            events.push(`node 1 SIGKILLed at ${n} receipts (${at()})`);
          }
          if (n === Math.floor(ACTAS * 0.7) && cluster && replica) {
            // The primary's CPU so far stays counted; the promoted replica's is counted from here.
            cpu.stop();
            eventAt.push(performance.now());
            await cluster.primary.stopAsync('immediate');
            const t = performance.now();
            await cluster.promote(replica);
            livePg = replica;
            cpu.start();
            events.push(
              `PostgreSQL primary killed at ${n} receipts (${at()}), replica promoted in ${((performance.now() - t) / 1000).toFixed(1)} s`,
            );
          }
        },
      },
      STATION_PROCS,
      STATION_NICE,
    );
    clearInterval(progress);
    // An intake process that ended on its own (not by this bench's SIGKILL) says why.
    nodes.forEach((nd, i) => {
      const c = nd.proc.child;
      if (c.exitCode !== null || (c.signalCode !== null && c.signalCode !== 'SIGKILL'))
        events.push(
          `node ${i + 1} exited by itself (${c.exitCode ?? c.signalCode}): ${nd.proc.output.slice(-6).join(' | ')}`,
        );
    });
    health.stop();
    const cpuSeconds = cpu.stop();
    const postgresCpuSeconds = cpu.postgresSeconds();
    const stationsCpuSeconds = night.cpuSeconds;
    const load1 = os.loadavg()[0]!;

    const checkUrl = replica && livePg === replica ? replica.url(dbName) : database?.split(',')[0];
    const store = await CentralStore.open(centralDir, checkUrl ? { databaseUrl: checkUrl } : {});
    let exactlyOnce: RunFigures['exactlyOnce'];
    try {
      const delivered = await store.delivered();
      const byKey = new Map<string, number>();
      for (const d of delivered) byKey.set(d.idempotencyKey, (byKey.get(d.idempotencyKey) ?? 0) + 1);
      const perActa = new Map<string, number>();
      for (const d of delivered) perActa.set(d.actaKey, (perActa.get(d.actaKey) ?? 0) + 1);
      const unfinished = await store.db.get<{ n: number | string }>(
        `SELECT count(*) AS n FROM manifests WHERE state <> 'done'`,
      );
      exactlyOnce = {
        lost: [...night.receipts.keys()].filter((k) => !byKey.has(k)).length,
        twice:
          [...byKey.values()].filter((n) => n > 1).length + [...perActa.values()].filter((n) => n > 1).length,
        extra: [...byKey.keys()].filter((k) => !night.receipts.has(k)).length,
        unfinished: Number(unfinished?.n ?? 0),
      };
    } finally {
      await store.close();
    }
    const dbBytes = await centralDatabaseBytes(centralDir, checkUrl);
    const imageBytes = treeBytes(path.join(centralDir, 'blobs'));
    return {
      label,
      night,
      healthMs: health.ms,
      cpuSeconds,
      postgresCpuSeconds,
      stationsCpuSeconds,
      dbBytes,
      imageBytes,
      exactlyOnce,
      load: [load0, load1],
      events,
      eventAt,
    };
  } finally {
    for (const n of nodes) await (PROFILE_DIR ? n.proc.stop('SIGTERM') : n.kill());
    cluster?.close();
  }
}

function report(f: RunFigures): void {
  const n = f.night;
  const rate = n.receipts.size / n.seconds;
  const projected = n.seconds * (FULL_NIGHT / ACTAS);
  const p99 = percentile(n.manifestMs, 99);
  const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
  const refusedBeats = Object.entries(n.heartbeats.refused)
    .map(([why, k]) => `${k} ${why}`)
    .join(', ');
  const e = f.exactlyOnce;
  const once = e.lost === 0 && e.twice === 0 && e.extra === 0 && e.unfinished === 0 && n.refused.length === 0;
  console.log(`\n${f.label}`);
  for (const ev of f.events) console.log(`  · ${ev}`);
  console.log(
    `  ${n.receipts.size}/${ACTAS} actas receipted in ${n.seconds.toFixed(1)} s (arrival curve ${SPAN_S.toFixed(0)} s): ` +
      `${rate.toFixed(1)} actas/s, peak ${peakRate(n.receiptAtMs).toFixed(1)} actas/s (best 5 s)`,
  );
  console.log(
    `  manifest p50 ${percentile(n.manifestMs, 50).toFixed(0)} ms p99 ${p99.toFixed(0)} ms; arrival→receipt p50 ` +
      `${(percentile(n.deliveryMs, 50) / 1000).toFixed(1)} s p99 ${(percentile(n.deliveryMs, 99) / 1000).toFixed(1)} s; ` +
      `${n.busy} busy answers waited out, ${n.retries} retries` +
      (n.retries
        ? ` (${Object.entries(n.retryReasons)
            .map(([why, k]) => `${k} ${why}`)
            .join(', ')})`
        : '') +
      `, ${n.failovers} station failovers; heartbeats ${n.heartbeats.ok}/${n.heartbeats.sent} accepted` +
      (refusedBeats ? ` (not: ${refusedBeats})` : '') +
      `; stations' event-loop delay p99 ${n.loopDelayMs.p99.toFixed(0)} ms, max ${n.loopDelayMs.max.toFixed(0)} ms`,
  );
  const centralMs = n.manifestCentralMs.filter((ms) => Number.isFinite(ms));
  const lagSeconds = new Set(n.lagTimeline.filter(([, ms]) => ms > 250).map(([at]) => Math.floor(at / 1000)))
    .size;
  console.log(
    `  the nodes' own time over those manifests (Server-Timing, headers read → answer): p50 ` +
      `${percentile(centralMs, 50).toFixed(0)} ms p99 ${percentile(centralMs, 99).toFixed(0)} ms; ` +
      `the stations' processes lagged over 250 ms in ${lagSeconds} s of the night`,
  );
  console.log(
    `  the central's health answered (${f.healthMs.length} asked, every 250 ms a node): p50 ` +
      `${percentile(f.healthMs, 50).toFixed(0)} ms p99 ${percentile(f.healthMs, 99).toFixed(0)} ms max ` +
      `${Math.max(0, ...f.healthMs).toFixed(0)} ms`,
  );
  console.log(
    `  database ${mib(f.dbBytes)} MiB (${(((f.dbBytes / Math.max(1, n.receipts.size)) * FULL_NIGHT) / 1024 ** 3).toFixed(2)} GiB projected for ${FULL_NIGHT}), images ${mib(f.imageBytes)} MiB; ` +
      `central CPU ${f.cpuSeconds.toFixed(0)} s (${(f.cpuSeconds / n.seconds).toFixed(2)} cores, ` +
      `${((f.cpuSeconds * 1000) / Math.max(1, n.receipts.size)).toFixed(1)} ms per acta` +
      (f.postgresCpuSeconds ? `, of which PostgreSQL ${f.postgresCpuSeconds.toFixed(0)} s` : '') +
      `); the stations' CPU ${f.stationsCpuSeconds.toFixed(0)} s (${((f.stationsCpuSeconds * 1000) / Math.max(1, n.receipts.size)).toFixed(1)} ms per acta)` +
      `; load average ${f.load[0].toFixed(1)} → ${f.load[1].toFixed(1)}`,
  );
  console.log(
    `  projected full night (${FULL_NIGHT} actas at these rates, first arrival → last receipt, ` +
      `arrivals spanning ${(60 / PACE).toFixed(0)} min): ${(projected / 60).toFixed(0)} min ` +
      `${projected < 3600 ? '✓' : '✗'} (goal < 60 min); manifest p99 ${p99 <= 500 ? '✓' : '✗'} (goal ≤ 500 ms)`,
  );
  if (f.eventAt.length && ACTAS < 50_000)
    console.log(
      `  (a slice this small multiplies the failovers' fixed pauses, the killed node's leases and the ` +
        `promotion, ${Math.round(FULL_NIGHT / ACTAS)} times over in its projection: the measure is the whole night, or ` +
        `BENCH_NIGHT_ACTAS=50000 BENCH_NIGHT_CATDS=300; docs/central-deployment.md)`,
    );
  console.log(
    `  exactly once (from the database): ${e.lost} lost, ${e.twice} counted twice, ${e.extra} without a receipt, ` +
      `${e.unfinished} unfinished, ${n.refused.length} refused ${once ? '✓' : '✗ FAILED'}`,
  );
  if (f.eventAt.length) {
    // The tail the failovers make, apart from the rest of the night: manifests that started in
    // the FAILOVER_WINDOW_MS after a kill, and all others.
    const inWindow: number[] = [];
    const outside: number[] = [];
    n.manifestMs.forEach((ms, i) => {
      const t = n.manifestStartedAt[i]!;
      (f.eventAt.some((e) => t >= e && t < e + FAILOVER_WINDOW_MS) ? inWindow : outside).push(ms);
    });
    console.log(
      `  failover windows (${FAILOVER_WINDOW_MS / 1000} s after each kill): ${inWindow.length} manifests, ` +
        `p50 ${percentile(inWindow, 50).toFixed(0)} ms p99 ${percentile(inWindow, 99).toFixed(0)} ms max ` +
        `${Math.max(0, ...inWindow).toFixed(0)} ms; the rest of the night: p99 ${percentile(outside, 99).toFixed(0)} ms`,
    );
  }
  if (DUMP)
    fs.writeFileSync(
      DUMP,
      JSON.stringify({
        startedAt: n.manifestStartedAt,
        ms: n.manifestMs,
        centralMs: n.manifestCentralMs,
        lag: n.lagTimeline.map(([at, ms]) => [at - performance.timeOrigin, ms]),
        eventAt: f.eventAt,
        label: f.label,
      }),
    );
  if (!once) process.exitCode = 1;
  if (n.refused.length) console.log(`  refused: ${JSON.stringify(n.refused.slice(0, 5))}`);
}

console.log(
  `night: ${CATDS} CATDs × ${STATIONS} stations, ${ACTAS} actas (${PAGES} × ${IMAGE_BYTES} B images), ` +
    `arrivals at pace ${PACE} (the full night's curve in ${(60 / PACE).toFixed(0)} min of wall time); ` +
    `stations at nice ${STATION_NICE ?? 'unchanged'}; ` +
    `heartbeat every ${(HEARTBEAT_MS / 1000).toFixed(2)} s per station ` +
    `(${COMPRESSED_BEATS ? `compressed: 30 s of a ${NIGHT_HOURS} h night` : 'real: 30 s of wall time'}, ` +
    `${((CATDS * STATIONS * 1000) / HEARTBEAT_MS).toFixed(0)} a second at the central); ` +
    `${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
const runs: RunFigures[] = [];
if (process.env.BENCH_NIGHT_ONLY === 'sqlite') {
  report(await runOnce(`embedded (SQLite), ${NODES} node(s)`, 'sqlite', NODES, false));
} else if (process.env.BENCH_NIGHT_ONLY === 'postgres' && postgresAvailable()) {
  report(await runOnce(`PostgreSQL 15, ${NODES} node(s)`, 'postgres', NODES, false));
} else if (process.env.BENCH_NIGHT_ONLY === 'failover' && postgresAvailable()) {
  report(
    await runOnce('PostgreSQL 15, 2 nodes, node SIGKILLed + primary → replica failover', 'postgres', 2, true),
  );
} else {
  runs.push(await runOnce('embedded (SQLite), 1 node — baseline', 'sqlite', 1, false));
  report(runs[0]!);
  if (postgresAvailable()) {
    runs.push(await runOnce('PostgreSQL 15, 1 node — baseline', 'postgres', 1, false));
    report(runs[1]!);
    runs.push(
      await runOnce(
        `PostgreSQL 15, 2 nodes, node SIGKILLed${REPLICA ? ' + primary → replica failover' : ''}`,
        'postgres',
        2,
        true,
      ),
    );
    report(runs[2]!);
    const rate = (f: RunFigures) => f.night.receipts.size / f.night.seconds;
    const p99 = (f: RunFigures) => percentile(f.night.manifestMs, 99);
    const [lite, one, two] = runs as [RunFigures, RunFigures, RunFigures];
    console.log(
      `\nratios: PostgreSQL 1 node / SQLite ${(rate(one) / rate(lite)).toFixed(2)}× actas/s; ` +
        `2 nodes (with failovers) / 1 node ${(rate(two) / rate(one)).toFixed(2)}× actas/s, ` +
        `p99 ${(p99(two) / p99(one)).toFixed(2)}×`,
    );
  } else console.log('\npostgres: skipped (no /usr/lib/postgresql/15/bin)');
}
for (const d of roots) fs.rmSync(d, { recursive: true, force: true });
