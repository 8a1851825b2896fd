// The growth judge on made-up curves: a leak fails it however its run starts, a sawtooth and a
// warm-up climb before `warmUpMs` do not.
import { describe, expect, it } from 'vitest';
import { analyseGrowth } from './growth';
import type { VitalsSample } from './long-run';

/** One sample a second for `seconds`, RSS and external memory as given; the rest flat. */
function run(
  seconds: number,
  rss: (t: number) => number,
  external: (t: number) => number = () => 60,
): VitalsSample[] {
  return Array.from({ length: seconds }, (_, i) => ({
    t: i * 1000,
    rssMB: rss(i),
    heapMB: 40,
    externalMB: external(i),
    fds: 50,
    loopP99Ms: 20,
    loopMaxMs: 30,
    acknowledged: i,
  }));
}
const bounded = (series: string, samples: VitalsSample[], warmUpMs?: number) =>
  analyseGrowth(samples, warmUpMs).find((g) => g.series === series)!.bounded;
const rssBounded = (samples: VitalsSample[], warmUpMs?: number) => bounded('RSS', samples, warmUpMs);

describe('growth judge', () => {
  it('fails a gross native leak in a 3-minute run, and says that RSS cannot see a slow one there', () => {
    expect(
      rssBounded(
        run(180, (t) => 300 + 12 * t),
        90_000,
      ),
    ).toBe(false);
    // 2 MB a second: what Node 24's warm-up climbs at, so a short run cannot tell it from a leak.
    expect(
      rssBounded(
        run(180, (t) => 300 + 2 * t),
        90_000,
      ),
    ).toBe(true);
  });

  it('fails a page buffer kept every second (8 MB/s) in external memory, however RSS swings', () => {
    const kept = run(
      180,
      (t) => 400 + (t % 40) * 5,
      (t) => 60 + 8 * t,
    );
    expect(bounded('external', kept, 90_000)).toBe(false);
    expect(
      bounded(
        'external',
        run(
          180,
          () => 400,
          (t) => 60 + 25 * (t % 3),
        ),
        90_000,
      ),
    ).toBe(true);
  });

  it('does not judge a climb that ends before the warm-up does', () => {
    // Node 24's warm-up as CI saw it (404 → 497 MB in the last 25 s of a 90-s run judged from
    // 18 s, read as a leak), then level with a ripple.
    const climb = (t: number) => (t < 90 ? 140 + 4 * t : 500 + (t % 7));
    expect(rssBounded(run(90, climb))).toBe(false);
    expect(rssBounded(run(180, climb), 90_000)).toBe(true);
  });

  it('passes a sawtooth that comes back down', () => {
    const saw = run(600, (t) => 450 + ((t % 120) / 120) * 120);
    expect(rssBounded(saw)).toBe(true);
  });
});
