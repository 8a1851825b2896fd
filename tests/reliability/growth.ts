// "Must not grow without bound", made checkable: after a warm-up, the peak of the last third of
// the run may not exceed the peak of the middle third by more than a tolerance. A leak grows with
// time and fails this however long the run; a sawtooth (GC, caches filling once) passes. The
// least-squares slope is reported too, as the figure a reader can project to a 24-hour night.
import type { VitalsSample } from './long-run';

/**
 * The first part of a run is warm-up (caches, JIT, sharp's pools) and is not judged: a share of
 * the run, or at least `warmUpMs` when the caller names it. On Node 24 (Electron 45's runtime) the
 * core's RSS climbs steeply for about two minutes (270 MB at 20 s, ~500 MB at 2 min, the JS heap
 * flat), then swings as a sawtooth (docs/reliability.md), so a short run must wait that long.
 */
export const WARM_UP_SHARE = 0.2;

export interface GrowthVerdict {
  series: string;
  bounded: boolean;
  middlePeak: number;
  lastPeak: number;
  slopePerHour: number;
  detail: string;
}

interface SeriesRule {
  series: string;
  unit: string;
  pick: (s: VitalsSample) => number;
  tolerance: (middlePeak: number) => number;
}

const RULES: SeriesRule[] = [
  { series: 'RSS', unit: 'MB', pick: (s) => s.rssMB, tolerance: (m) => 32 + 0.15 * m },
  { series: 'heap', unit: 'MB', pick: (s) => s.heapMB, tolerance: (m) => 24 + 0.25 * m },
  // RSS swings by hundreds of MB on Node 24 (glibc's arenas), so it only catches gross leaks in a
  // short run; a page buffer the JS side keeps (8–25 MB a scan) shows sooner here.
  {
    series: 'external',
    unit: 'MB',
    pick: (s) => s.externalMB ?? 0,
    tolerance: (m) => 64 + 0.1 * m,
  },
  { series: 'open files', unit: 'fds', pick: (s) => s.fds, tolerance: () => 16 },
  { series: 'event-loop p99', unit: 'ms', pick: (s) => s.loopP99Ms, tolerance: (m) => 50 + m },
];

export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export function analyseGrowth(samples: VitalsSample[], warmUpMs = 0): GrowthVerdict[] {
  const byShare = Math.floor(samples.length * WARM_UP_SHARE);
  const byTime = samples.findIndex((s) => s.t >= warmUpMs);
  const judged = samples.slice(Math.max(byShare, byTime < 0 ? samples.length : byTime));
  const third = Math.floor(judged.length / 3);
  if (third < 2) throw new Error(`too few samples to judge growth (${samples.length})`);
  const middle = judged.slice(third, 2 * third);
  const last = judged.slice(2 * third);
  return RULES.map((r) => {
    const middlePeak = Math.max(...middle.map(r.pick));
    const lastPeak = Math.max(...last.map(r.pick));
    const perHour = slope(
      judged.map((s) => s.t / 3_600_000),
      judged.map(r.pick),
    );
    const allowed = r.tolerance(middlePeak);
    const bounded = lastPeak - middlePeak <= allowed;
    return {
      series: r.series,
      bounded,
      middlePeak,
      lastPeak,
      slopePerHour: perHour,
      detail: `peak ${middlePeak.toFixed(1)} → ${lastPeak.toFixed(1)} ${r.unit} (allowed +${allowed.toFixed(1)}), trend ${perHour >= 0 ? '+' : ''}${perHour.toFixed(1)} ${r.unit}/h`,
    };
  });
}
