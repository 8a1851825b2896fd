// Waits between retries of something that failed (a device reopened, an upload, a circuit's next
// try): quick at first, doubling, never longer than a ceiling, so an unplugged device is found
// again within seconds and a dead one costs little.

/** Doublings past this stop mattering (2^16 × any sane base is beyond every ceiling used). */
const MAX_DOUBLINGS = 16;

/** The wait before retry `attempt` (0 = the first retry): initialMs · 2^attempt, capped at maxMs. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(0, attempt), MAX_DOUBLINGS));
}

/**
 * "Equal jitter" for retry `n` (1 = the first): half the capped exponential wait fixed, half
 * random, so the retries of many actas (or many stations) spread out instead of arriving together.
 */
export function backoffWithJitter(base: number, max: number, n: number, random = Math.random): number {
  const d = backoffMs(n - 1, base, max);
  return Math.round(d / 2 + random() * (d / 2));
}
