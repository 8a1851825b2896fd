// The station's sending process is killed with SIGKILL at random instants, again and again, then
// restarted: nothing is lost, nothing is counted twice at the central, every acta ends with a
// receipt, every attempt cut short reads as failed, and the audit chain is intact.
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { run } from '../../helpers/processes';
import { startIntakeServer } from '../../../central/server';
import { centralCounts, makeActa, openStationSide, TSX } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('survives SIGKILL at random points during sending: nothing lost, nothing duplicated', async () => {
  const centralDir = tempDir('catd-central-');
  const stationDir = tempDir('catd-station-');
  const intake = await startIntakeServer({ ports: [0, 0], dataDir: centralDir });
  cleanups.push(() => intake.close());
  // Enough actas that the queue is still draining at the last kill even on a loaded machine.
  const N = 150;
  const setup = openStationSide(stationDir, centralDir);
  for (let i = 0; i < N; i++) setup.outbox.enqueue(makeActa(stationDir, i, 64 * 1024));
  setup.close();

  const args = [
    'tests/electron/transmit/crash-station.ts',
    stationDir,
    centralDir,
    intake.urls[0]!,
    intake.urls[1]!,
  ];
  const KILLS = 6;
  let deliveredBeforeLastKill = 0;
  for (let k = 0; k < KILLS; k++) {
    const p = run(TSX, args);
    cleanups.push(() => p.stop('SIGKILL'));
    await p.waitForLine(/^started$/, 15_000);
    // Random instant while uploads are in progress (each acta takes several chunk requests).
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 150));
    await p.stop('SIGKILL');
    deliveredBeforeLastKill = (await intake.store.delivered()).length;
  }
  expect(deliveredBeforeLastKill).toBeLessThan(N); // the kills did land mid-queue

  const last = run(TSX, args);
  cleanups.push(() => last.stop('SIGKILL'));
  // A correctness test, not a speed one: a loaded CI machine may take a while to drain 150 actas.
  await last.waitForLine(/^drained/, 90_000);

  const counts = centralCounts(await intake.store.delivered());
  expect(counts.size).toBe(N);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);

  const station = openStationSide(stationDir, centralDir);
  cleanups.push(() => station.close());
  expect(station.outbox.counts()).toEqual({ pending: 0, dead: 0, delivered: N });
  for (const e of station.outbox.list('delivered')) {
    const r = station.outbox.receiptOf(e.id)!;
    expect(r.receipt.idempotencyKey).toBe(e.idempotencyKey);
    expect(r.receipt.manifestSha256).toBe(e.manifestSha256);
  }
  const unfinished = station.db
    .prepare<[], { outcome: string; error: string }>(
      'SELECT outcome, error FROM outbox_attempts WHERE finished_at IS NULL',
    )
    .all();
  expect(unfinished.length).toBeGreaterThan(0); // some kills landed inside an attempt
  expect(unfinished.every((a) => a.outcome === 'failed' && a.error === 'transmit.error.interrupted')).toBe(
    true,
  );
  expect(station.audit.verify().ok).toBe(true);
  const deliveredAudits = [...station.audit.entries()].filter((a) => a.action === 'acta.delivered');
  expect(deliveredAudits).toHaveLength(N);
}, 150_000);
