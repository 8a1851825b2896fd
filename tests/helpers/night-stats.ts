// The night generator's figures and its profile (night-load.ts, night-split.ts).
import inspector from 'node:inspector';

/** A V8 CPU profile of this process, from now until stop(). */
export async function startProfile(): Promise<{ stop(): Promise<unknown> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (err, out) =>
        err ? reject(err) : resolve((out as { profile?: unknown })?.profile),
      ),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return { stop: () => post('Profiler.stop').finally(() => session.disconnect()) };
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** The most actas receipted in any `windowMs` of the night, per second: the central's capacity when stations queue. */
export function peakRate(receiptAtMs: number[], windowMs = 5_000): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < receiptAtMs.length; i++) {
    while (receiptAtMs[i]! - receiptAtMs[j]! > windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best / (windowMs / 1000);
}
