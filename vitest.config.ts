import { defineConfig } from 'vitest/config';

/**
 * Suites `npm test` runs once, on Node 24 (the runtime the product ships), not again on this
 * machine's Node 20: the long runs of the built core as a process (crash consistency, soak, the
 * model) and the slowest pure-image suite. scripts/test.mjs sets CATD_SKIP_NODE24_ONLY on the
 * Node 20 run; a plain `npx vitest` runs them.
 */
const NODE24_ONLY = [
  'tests/reliability/**',
  'tests/model/**',
  'tests/electron/capture/quality/page-find.test.ts',
  // Renders a whole training pack at 300 dpi: the sheets' drawing, not the PDF, takes the time
  // (~45 s of CPU, 2 min on a loaded machine), and the PDF is the same on both runtimes.
  'tests/electron/training/pack.test.ts',
];
const skipNode24Only = process.env.CATD_SKIP_NODE24_ONLY === '1';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**', ...(skipNode24Only ? NODE24_ONLY : [])],
          environment: 'node',
          maxWorkers: 2,
          // Generous: on a loaded 2-core machine real peers start slowly; speed is asserted inside tests.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each e2e file starts its own station and browser: one file at a time on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
