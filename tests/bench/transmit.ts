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
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startIntakeServer } from '../../central/server';
import { makeActa, openStationSide, spawnIntake, startTransmitter } from '../electron/transmit/fixtures';

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

// --- A link: token bucket shared by all connections in each direction, plus a fixed delay ---

class Shaper {
  private nextFree = 0;
  constructor(
    private readonly rate: number,
    private readonly delayMs: number,
  ) {}
  /** When a chunk of n bytes that arrives now leaves the far end. */
  schedule(n: number): number {
    const now = performance.now();
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + (n / this.rate) * 1000;
    return this.nextFree + this.delayMs;
  }
}

async function startLinkProxy(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const up = new Shaper(RATE_BPS, ONE_WAY_DELAY_MS);
  const down = new Shaper(RATE_BPS, ONE_WAY_DELAY_MS);
  const sockets = new Set<net.Socket>();
  const pipe = (from: net.Socket, to: net.Socket, shaper: Shaper) => {
    // One FIFO per direction of each connection, drained by a single timer: separate timers per
    // piece could fire out of order and corrupt the stream. Reading stops while much is queued,
    // as a real pipe's window would.
    const queue: Array<{ at: number; piece: Buffer }> = [];
    let queued = 0;
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const drain = () => {
      timer = undefined;
      const now = performance.now();
      while (queue.length && queue[0]!.at <= now) {
        const { piece } = queue.shift()!;
        queued -= piece.length;
        if (!to.destroyed) to.write(piece);
      }
      if (queued <= 256 * 1024 && from.isPaused()) from.resume();
      if (queue.length) timer = setTimeout(drain, Math.max(0, queue[0]!.at - now));
      else if (ended && !to.destroyed) to.end();
    };
    from.on('data', (chunk: Buffer) => {
      for (let i = 0; i < chunk.length; i += 16 * 1024) {
        const piece = chunk.subarray(i, i + 16 * 1024);
        queue.push({ at: shaper.schedule(piece.length), piece });
        queued += piece.length;
      }
      if (queued > 256 * 1024) from.pause();
      if (!timer) timer = setTimeout(drain, Math.max(0, queue[0]!.at - performance.now()));
    });
    from.on('end', () => {
      ended = true;
      if (!timer) drain();
    });
    from.on('error', () => to.destroy());
    from.on('close', () => clearTimeout(timer));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    pipe(client, upstream, up);
    pipe(upstream, client, down);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
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
  const proxy = await startLinkProxy(Number(new URL(intake.urls[0]!).port));
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
  const sinkProxy = await startLinkProxy((sink.address() as net.AddressInfo).port);
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
