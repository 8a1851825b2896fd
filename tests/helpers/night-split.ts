// The night's stations split over several processes. 1,500 stations in one Node process is one
// thread doing what 1,500 machines do on a real night: at the peak it needs more than a core, and
// its own event loop's delay (p99 150–340 ms, stalls of seconds over a whole night) was counted in
// every manifest's latency as if the central had taken it. Split, the parts share the same cores
// with the central (nothing is gained from elsewhere): only the one thread's queue goes.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { enrolNightStations, runNight, type NightConfig, type NightResult } from './night-load';

const CHILD = new URL('./night-child.ts', import.meta.url);

type FromChild =
  { type: 'prepared' } | { type: 'receipts'; n: number } | { type: 'done'; result: NightResult };

/**
 * The stations' scheduling priority (nice, -20..19). 1,500 stations are 1,500 machines on a real
 * night, whose CPU the central never takes; here they share 2 cores with it. Linux (autogroup, on
 * here: kernel.sched_autogroup_enabled=1) shares the CPU between sessions before it looks at any
 * process's nice: each intake node and PostgreSQL run in a session of their own, and the stations'
 * processes shared one with the bench, so at the peak the scheduler gave all of them together
 * one session's share (the 50,000-acta failover run: the stations' processes 15-45 % of a core
 * each and lagging 1-6 s in the two-node phase, runnable all the while, whatever their nice;
 * every manifest's time counted their lag, the nodes' own answers p99 250-570 ms). So each part
 * runs in a session of its own (forked detached) and its session's nice is set too (the
 * autogroup's, /proc/PID/autogroup): the stations run as they would on their own machines, and
 * the central gets the cores they leave. Null: as started. Says why if it could not be set.
 */
export function prioritise(pid: number, nice: number | null): string | null {
  if (nice === null) return null;
  try {
    os.setPriority(pid, nice);
    // Not this process's own session: it is the shell's (or the CI run's) as a whole.
    const autogroup = `/proc/${pid}/autogroup`;
    if (pid !== 0 && fs.existsSync(autogroup)) fs.writeFileSync(autogroup, String(nice));
    return null;
  } catch (err) {
    return `the stations' priority (nice ${nice}) could not be set: ${(err as Error).message}`;
  }
}

export async function runNightSplit(
  cfg: NightConfig,
  parts: number,
  nice: number | null = null,
): Promise<NightResult> {
  if (parts <= 1) {
    const refused = prioritise(0, nice);
    if (refused) console.log(`  ! ${refused}`);
    return runNight(cfg);
  }
  // Every key (the central's, each station's) made once, before the parts read them.
  enrolNightStations(cfg);
  const children: ChildProcess[] = [];
  const prepared: Promise<void>[] = [];
  const done: Promise<NightResult>[] = [];
  let total = 0;
  // The parent's onReceipt sees the night's receipts one by one, in order, as one process would.
  let counted = Promise.resolve();
  const count = (n: number) => {
    counted = counted.then(async () => {
      for (let k = 0; k < n; k++) await cfg.onReceipt?.(++total);
    });
  };
  try {
    for (let index = 0; index < parts; index++) {
      // Detached: a session (and so a scheduling group) of its own (prioritise).
      const child = fork(CHILD, [], {
        execArgv: ['--import', 'tsx'],
        serialization: 'advanced',
        detached: true,
      });
      children.push(child);
      const refused = prioritise(child.pid!, nice);
      if (refused) console.log(`  ! ${refused}`);
      let onPrepared = () => {};
      prepared.push(new Promise<void>((r) => (onPrepared = r)));
      done.push(
        new Promise<NightResult>((resolve, reject) => {
          child.on('message', (msg: FromChild) => {
            if (msg.type === 'prepared') onPrepared();
            else if (msg.type === 'receipts') count(msg.n);
            else resolve(msg.result);
          });
          child.once('exit', (code) => reject(new Error(`night part ${index} exited (${code})`)));
        }),
      );
      const { onReceipt: _r, ready: _p, ...plain } = cfg;
      const profileFile = cfg.profileFile?.replace(/(\.cpuprofile)?$/, `.part${index}.cpuprofile`);
      child.send({
        type: 'night',
        cfg: { ...plain, part: { index, of: parts }, ...(profileFile ? { profileFile } : {}) },
      });
    }
    // A part that dies while preparing fails the night instead of leaving the others waiting.
    await Promise.race([Promise.all(prepared), Promise.all(done)]);
    const startAtEpochMs = Date.now() + 200;
    for (const c of children) c.send({ type: 'go', startAtEpochMs });
    const results = await Promise.all(done);
    await counted;
    return merge(results);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}

function merge(results: NightResult[]): NightResult {
  const sum = (f: (r: NightResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
    return into;
  };
  const manifestMs = results.flatMap((r) => r.manifestMs);
  const manifestStartedAt = results.flatMap((r) =>
    r.manifestStartedAt.map((t) => t - performance.timeOrigin),
  );
  return {
    receipts: new Map(results.flatMap((r) => [...r.receipts])),
    refused: results.flatMap((r) => r.refused),
    manifestMs,
    manifestStartedAt,
    manifestCentralMs: results.flatMap((r) => r.manifestCentralMs),
    lagTimeline: results.flatMap((r) => r.lagTimeline),
    deliveryMs: results.flatMap((r) => r.deliveryMs),
    // Each part's clock started at the same wall time: one night's receipts, in time order.
    receiptAtMs: results.flatMap((r) => r.receiptAtMs).sort((a, b) => a - b),
    heartbeats: {
      sent: sum((r) => r.heartbeats.sent),
      ok: sum((r) => r.heartbeats.ok),
      refused: results.reduce((a, r) => add(a, r.heartbeats.refused), {}),
    },
    failovers: sum((r) => r.failovers),
    retries: sum((r) => r.retries),
    retryReasons: results.reduce((a, r) => add(a, r.retryReasons), {}),
    cpuSeconds: sum((r) => r.cpuSeconds),
    busy: sum((r) => r.busy),
    seconds: Math.max(...results.map((r) => r.seconds)),
    loopDelayMs: {
      p99: Math.max(...results.map((r) => r.loopDelayMs.p99)),
      max: Math.max(...results.map((r) => r.loopDelayMs.max)),
    },
  };
}
