// The night's stations split over several processes. 1,500 stations in one Node process is one
// thread doing what 1,500 machines do on a real night: at the peak it needs more than a core, and
// its own event loop's delay (p99 150–340 ms, stalls of seconds over a whole night) was counted in
// every manifest's latency as if the central had taken it. Split, the parts share the same cores
// with the central (nothing is gained from elsewhere): only the one thread's queue goes.
import { fork, type ChildProcess } from 'node:child_process';
import { enrolNightStations, runNight, type NightConfig, type NightResult } from './night-load';

const CHILD = new URL('./night-child.ts', import.meta.url);

type FromChild =
  { type: 'prepared' } | { type: 'receipts'; n: number } | { type: 'done'; result: NightResult };

export async function runNightSplit(cfg: NightConfig, parts: number): Promise<NightResult> {
  if (parts <= 1) return runNight(cfg);
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
      const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
      children.push(child);
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
