// Transmission benchmarks: `npx tsx tests/bench/transmit.ts`
//  1. failover time: primary intake process killed with SIGKILL → first acta delivered on the
//     backup (median and max over several runs);
//  2. upload throughput over a rate-limited, high-latency link (a throttling TCP proxy written
//     here: shared token bucket per direction plus a one-way delay) against plain `curl`
//     uploading the same bytes over the same kind of link in the same run (target ≥ 0.9);
//  3. time to drain a 1,000-acta backlog over loopback.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startIntakeServer } from '../../central/server';
import { makeActa, openStationSide, spawnIntake, startTransmitter } from '../electron/transmit/fixtures';
import { startLinkProxy } from '../helpers/link-proxy';

const RATE_BPS = Number(process.env.BENCH_RATE_BPS ?? 2 * 1024 * 1024);
const ONE_WAY_DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 40);
const FAILOVER_RUNS = Number(process.env.BENCH_FAILOVER_RUNS ?? 5);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 1000);

const roots: string[] = [];
function tmp(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  roots.push(d);
  return d;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

// --- 1. Failover ---

async function benchFailover(): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < FAILOVER_RUNS; run++) {
    const centralDir = tmp('catd-bench-central-');
    const station = openStationSide(tmp('catd-bench-station-'), centralDir);
    const primary = await spawnIntake(centralDir);
    const backup = await startIntakeServer({ ports: [0], dataDir: centralDir });
    for (let i = 0; i < 200; i++) station.outbox.enqueue(makeActa(station.dataDir, i, 64 * 1024));
    const { tx, events } = startTransmitter(
      station,
      { primary: primary.url, backup: backup.urls[0]! },
      { chunkBytes: 16 * 1024, failbackAfterMs: 600_000 },
    );
    while (events.filter((e) => e.type === 'delivered').length < 5)
      await new Promise((r) => setTimeout(r, 10));
    const killedAt = Date.now();
    await primary.kill();
    while (!events.some((e) => e.type === 'delivered' && e.link === 'respaldo'))
      await new Promise((r) => setTimeout(r, 5));
    const first = events.find((e) => e.type === 'delivered' && e.link === 'respaldo')!;
    times.push(first.atMs - killedAt);
    await tx.stop();
    await backup.close();
    station.close();
  }
  return times;
}

// --- 2. Throughput over a throttled link vs curl ---

async function benchThroughput(): Promise<{ ours: number; curl: number; bytes: number }> {
  const ACTAS = 10;
  const IMAGE = 512 * 1024;
  const bytes = ACTAS * 2 * IMAGE;

  // Ours: station → proxy → intake.
  const centralDir = tmp('catd-bench-central-');
  const station = openStationSide(tmp('catd-bench-station-'), centralDir);
  const intake = await startIntakeServer({ ports: [0], dataDir: centralDir });
  const proxy = await startLinkProxy(Number(new URL(intake.urls[0]!).port), RATE_BPS, ONE_WAY_DELAY_MS);
  const files: string[] = [];
  for (let i = 0; i < ACTAS; i++) {
    const item = makeActa(station.dataDir, i, IMAGE);
    files.push(...item.images.map((im) => im.path));
    station.outbox.enqueue(item);
  }
  const t0 = performance.now();
  const { tx } = startTransmitter(station, {
    primary: `http://127.0.0.1:${proxy.port}`,
    backup: 'http://127.0.0.1:1',
  });
  if (process.env.BENCH_DEBUG) tx.onEvent((e) => console.log(JSON.stringify(e)));
  while (station.outbox.counts().pending > 0) await new Promise((r) => setTimeout(r, 10));
  const oursMs = performance.now() - t0;
  await tx.stop();
  await proxy.close();
  await intake.close();

  // curl: the same bytes, as one PUT, through an identical link to a sink that fsyncs nothing.
  const all = path.join(tmp('catd-bench-curl-'), 'payload');
  fs.writeFileSync(all, Buffer.concat(files.map((f) => fs.readFileSync(f))));
  station.close();
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkProxy = await startLinkProxy(
    (sink.address() as net.AddressInfo).port,
    RATE_BPS,
    ONE_WAY_DELAY_MS,
  );
  const c0 = performance.now();
  await new Promise<void>((resolve, reject) =>
    execFile(
      'curl',
      ['-sS', '-o', '/dev/null', '-T', all, '-H', 'Expect:', `http://127.0.0.1:${sinkProxy.port}/upload`],
      (err) => (err ? reject(err) : resolve()),
    ),
  );
  const curlMs = performance.now() - c0;
  await sinkProxy.close();
  sink.closeAllConnections();
  await new Promise((r) => sink.close(r));
  return { ours: bytes / (oursMs / 1000), curl: bytes / (curlMs / 1000), bytes };
}

// --- 3. Backlog ---

async function benchBacklog(): Promise<number> {
  const centralDir = tmp('catd-bench-central-');
  const station = openStationSide(tmp('catd-bench-station-'), centralDir);
  const intake = await startIntakeServer({ ports: [0], dataDir: centralDir });
  for (let i = 0; i < BACKLOG; i++) station.outbox.enqueue(makeActa(station.dataDir, i, 64 * 1024, 1));
  const t0 = performance.now();
  const { tx } = startTransmitter(station, { primary: intake.urls[0]!, backup: 'http://127.0.0.1:1' });
  while (station.outbox.counts().pending > 0) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t0;
  if ((await intake.store.delivered()).length !== BACKLOG) throw new Error('backlog: central count differs');
  await tx.stop();
  await intake.close();
  station.close();
  return ms;
}

try {
  const mib = (b: number) => (b / 1024 / 1024).toFixed(2);
  console.log(`Link: ${mib(RATE_BPS)} MiB/s each way, ${ONE_WAY_DELAY_MS} ms one-way delay`);
  const only = process.env.BENCH_ONLY; // failover | throughput | backlog
  if (!only || only === 'failover') {
    const fo = await benchFailover();
    console.log(
      `Failover (primary SIGKILL → first acta delivered on backup), ${fo.length} runs: median ${median(fo).toFixed(0)} ms, max ${Math.max(...fo).toFixed(0)} ms  [${fo.join(', ')}]`,
    );
  }
  if (!only || only === 'throughput') {
    const tp = await benchThroughput();
    console.log(
      `Upload throughput over the throttled link (${mib(tp.bytes)} MiB of images): station ${mib(tp.ours)} MiB/s, curl ${mib(tp.curl)} MiB/s, ratio ${(tp.ours / tp.curl).toFixed(2)} (target ≥ 0.90)`,
    );
  }
  if (!only || only === 'backlog') {
    const bl = await benchBacklog();
    console.log(
      `Backlog of ${BACKLOG} actas (1 image of 64 KiB each, loopback): drained in ${(bl / 1000).toFixed(1)} s (${((BACKLOG / bl) * 1000).toFixed(0)} actas/s)`,
    );
  }
} finally {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
}
