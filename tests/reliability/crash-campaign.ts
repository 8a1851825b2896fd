// The crash-consistency campaign: a station core with simulated devices and two links to a real
// reference central, an operator driving it without pause with a supervisor beside them (conflicts
// resolved by replace / keep both / keep the existing, queued actas held then released or
// annulled), and SIGKILL again and again — at a random instant, or at a named crash point (an
// image half-stored, a commit not made, a receipt in hand but not recorded). After every restart
// the invariants are checked from the files; at the end the kills stop, the operator and the
// supervisor finish what is open, the outbox must drain with every acta record counted exactly
// once at the central, and after one more clean start the watchdog raises no alarm.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { startIntakeServer } from '../../central/server';
import { CRASH_POINTS, CRASH_POINT_LINE, type CrashPoint } from '../../electron/platform/crash-points';
import {
  assertBuiltCore,
  exitSignal,
  startStation,
  writeStationConfig,
  type Credentials,
} from './station-process';
import { CoreUnreachable, RPC_TIMEOUT_MS, StationClient } from './station-client';
import type { Running } from '../helpers/processes';
import { OperatorDriver, type DriverCounts } from './operator-driver';
import { BlobVerifier, checkInvariants, type StationSnapshot } from './invariants';
import { centralSnapshot } from './central-invariants';
import { finishAndDrain, type DrainResult } from './drain';
import { SupervisorDesk, type DecisionKind } from './supervisor-desk';

/** A point armed but not reached this long after ready is given up for a timer kill. */
export const ARMED_POINT_WAIT_MS = 4_000;
/** Timer kills land uniformly in this window after the core says it is ready. */
export const TIMER_KILL_WINDOW_MS: [number, number] = [30, 2_500];
/**
 * After this many lives in a row in which the operator finished nothing, the next life's kill
 * waits until one step is done. On a loaded machine a life's first scan (the quality workers warm
 * up) can outlast the whole kill window, and the campaign would kill the same scan for ever.
 */
export const STARVED_LIVES = 3;

export interface CampaignOptions {
  kills: number;
  seed?: number;
  /** Where to keep the station and central folders; a temp folder (removed on success) if absent. */
  workDir?: string;
  log?: (line: string) => void;
}

export interface CampaignReport {
  kills: number;
  byPoint: Record<CrashPoint | 'timer' | 'startup', number>;
  restarts: number;
  /** Lives whose kill waited for one finished step (STARVED_LIVES). */
  starvedLives: number;
  invariantChecks: number;
  violations: string[];
  driver: DriverCounts;
  /** Supervisor decisions the core confirmed, by kind, and those it refused (the acta moved on). */
  decisions: Record<DecisionKind, number>;
  decisionsRefused: number;
  final: StationSnapshot | null;
  end: Omit<DrainResult, 'final' | 'violations'>;
  /** Watchdog alarms the supervisor saw after one more clean start (must be none). */
  alarms: number;
  /** "Annulled after an interrupted attempt" warnings (the central checks say whether any counted). */
  uncertainAnnuls: number;
  centralDeliveries: number;
  actasAcknowledged: number;
  durationMs: number;
  drainMs: number;
}

/** Small deterministic PRNG (mulberry32): a failing campaign can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runCrashCampaign(opts: CampaignOptions): Promise<CampaignReport> {
  assertBuiltCore();
  const t0 = Date.now();
  const seed = opts.seed ?? Date.now() & 0x7fffffff;
  const random = rng(seed);
  const log = opts.log ?? ((l: string) => console.log(l));
  const ownDir = !opts.workDir;
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'catd-crash-'));
  const stationDir = path.join(workDir, 'station');
  const centralDir = path.join(workDir, 'central');
  log(`crash campaign: ${opts.kills} kills, seed ${seed}, data in ${workDir}`);

  const intake = await startIntakeServer({ ports: [0, 0], dataDir: centralDir });
  writeStationConfig(stationDir, { stationId: 'CATD-CRASH-01', links: intake.urls });
  const desk = new SupervisorDesk();
  // The supervisor's draws come from their own stream, so the operator's kill pattern stays the same.
  const driver = new OperatorDriver(seed, () => {}, desk, rng(seed ^ 0x5bd1e995));
  const blobs = new BlobVerifier(path.join(stationDir, 'blobs'));
  const byPoint = Object.fromEntries(
    [...CRASH_POINTS, 'timer', 'startup'].map((p) => [p, 0]),
  ) as CampaignReport['byPoint'];
  const violations: string[] = [];
  let credentials: Credentials | null = null;
  let restarts = 0;
  let invariantChecks = 0;
  let kills = 0;
  /** Annulled records whose cut-short attempt the watchdog flags for a check at the central. */
  let uncertainAnnuls = 0;
  let current: Running | null = null;
  let livesWithoutProgress = 0;
  let starvedLives = 0;

  const check = async (when: string) => {
    const r = checkInvariants({
      afterRestart: true,
      dataDir: stationDir,
      central: await centralSnapshot(intake.store),
      confirmed: driver.confirmed,
      decisions: desk.confirmed,
      blobs,
    });
    invariantChecks++;
    for (const v of r.violations) violations.push(`${when}: ${v}`);
    return r.snapshot;
  };

  try {
    while (kills < opts.kills) {
      // The first start runs unarmed: it prints the demo operator's PIN once, after start-up, and
      // a crash point firing before that line would leave the campaign with no one to sign in.
      const armed: CrashPoint | null =
        credentials && random() < 0.5 ? CRASH_POINTS[Math.floor(random() * CRASH_POINTS.length)]! : null;
      const hits = 1 + Math.floor(random() * 2);
      const started = await startStation({
        dataDir: stationDir,
        centralDir,
        intakeUrl: intake.urls[0]!,
        ...(armed ? { crashAt: `${armed}:${hits}` } : {}),
      });
      restarts++;
      if (started.kind === 'died') {
        // An armed point reached during recovery itself: a crash while recovering from a crash.
        if ((await exitSignal(started.proc, 1_000)) !== 'SIGKILL')
          throw new Error(`the core exited by itself while starting:\n${started.proc.output.join('\n')}`);
        kills++;
        byPoint.startup++;
        continue;
      }
      const { station } = started;
      current = station.proc;
      credentials ??= station.accounts.find((a) => a.operatorId.startsWith('operador')) ?? null;
      desk.who ??= station.accounts.find((a) => a.operatorId.startsWith('supervisor')) ?? null;
      if (!credentials || !desk.who) throw new Error('the first start printed no demo accounts');
      await check(`after restart ${restarts}`);

      const killAfter = armed
        ? ARMED_POINT_WAIT_MS
        : TIMER_KILL_WINDOW_MS[0] + random() * (TIMER_KILL_WINDOW_MS[1] - TIMER_KILL_WINDOW_MS[0]);
      let timer: NodeJS.Timeout | undefined;
      const arm = () => (timer = setTimeout(() => void station.proc.stop('SIGKILL'), killAfter));
      const starved = livesWithoutProgress >= STARVED_LIVES;
      if (starved) starvedLives++;
      else arm();
      const before = driver.progress;
      const work = drive(station.origin, station.launchPath, credentials, driver, starved ? arm : null).catch(
        (err: unknown) => {
          // Not a dead core: the operator or the supervisor was refused what must succeed.
          violations.push(`life ${restarts}: ${String(err)}`);
          if (!timer) arm();
        },
      );
      const signal = await exitSignal(station.proc, killAfter + RPC_TIMEOUT_MS + 30_000);
      clearTimeout(timer);
      await work;
      livesWithoutProgress = driver.progress === before ? livesWithoutProgress + 1 : 0;
      if (signal !== 'SIGKILL')
        throw new Error(
          `the core ended with ${signal ?? 'an exit code'} instead of being killed:\n${station.proc.output.slice(-30).join('\n')}`,
        );
      kills++;
      const fired = station.proc.output.find((l) => l.startsWith(`${CRASH_POINT_LINE} `));
      if (fired) byPoint[fired.slice(CRASH_POINT_LINE.length + 1) as CrashPoint]++;
      else byPoint.timer++;
      if (kills % 10 === 0 || kills === opts.kills)
        log(
          `  ${kills} kills · ${driver.counts.received} actas received · ${Object.values(desk.taken).reduce((a, b) => a + b, 0)} supervisor decisions · ${(await intake.store.delivered()).length} at the central · ${violations.length} violations`,
        );
    }

    // No more kills: finish the open actas, then the outbox must drain.
    const last = await startStation({ dataDir: stationDir, centralDir, intakeUrl: intake.urls[0]! });
    if (last.kind === 'ready') current = last.station.proc;
    if (last.kind !== 'ready') throw new Error('the core died on its final start');
    restarts++;
    await check('after the last restart');
    const client = await StationClient.connect(last.station.origin, last.station.launchPath);
    await client.must('mutation', 'session.login', credentials);
    const end = await finishAndDrain({ client, driver, dataDir: stationDir, central: intake.store, blobs });
    invariantChecks++;
    violations.push(...end.violations);
    await last.station.proc.stop('SIGTERM');

    // One more clean start: its watchdog pass walks every record and outbox entry; the supervisor
    // must see no alarm (an acta en cola with nothing to send, an annulled record counted...).
    const again = await startStation({ dataDir: stationDir, centralDir, intakeUrl: intake.urls[0]! });
    if (again.kind !== 'ready') throw new Error('the core died on its clean start after the drain');
    current = again.station.proc;
    const sup = await StationClient.connect(again.station.origin, again.station.launchPath);
    await sup.must('mutation', 'session.login', credentials);
    // "Annulled after an interrupted attempt" says the station cannot know whether the central
    // committed it: the campaign can, and the central checks already report any annulled record
    // that reached it. Such an alarm is a warning the supervisor must check, not a loss.
    const allAlarms = await desk.alarms(sup);
    const alarms = allAlarms.filter((a) => a.kind !== 'annulledAfterAttempt');
    uncertainAnnuls = allAlarms.length - alarms.length;
    for (const a of alarms) violations.push(`watchdog alarm after the drain: ${JSON.stringify(a)}`);
    await again.station.proc.stop('SIGTERM');

    const report: CampaignReport = {
      kills,
      byPoint,
      restarts,
      starvedLives,
      invariantChecks,
      violations,
      driver: driver.counts,
      decisions: desk.taken,
      decisionsRefused: desk.refused,
      final: end.final,
      end: (({ final: _f, violations: _v, ...rest }) => rest)(end),
      alarms: alarms.length,
      uncertainAnnuls,
      centralDeliveries: end.centralDeliveries,
      actasAcknowledged: end.acknowledged,
      durationMs: Date.now() - t0,
      drainMs: end.drainMs,
    };
    log(formatCampaign(report));
    return report;
  } finally {
    // A campaign that fails midway must not leave a core running.
    await current?.stop('SIGKILL');
    await intake.close();
    if (ownDir && violations.length === 0) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** One operator session per core life; ends (quietly) when the core is killed under it. */
async function drive(
  origin: string,
  launchPath: string,
  who: Credentials,
  driver: OperatorDriver,
  /** Called once the first step is done (a starved life arms its kill then). */
  afterFirstStep: (() => void) | null,
): Promise<void> {
  try {
    const client = await StationClient.connect(origin, launchPath);
    await client.must('mutation', 'session.login', who);
    await driver.step(client);
    afterFirstStep?.();
    for (;;) await driver.step(client);
  } catch (err) {
    if (err instanceof CoreUnreachable) return;
    throw err;
  }
}

export function formatCampaign(r: CampaignReport): string {
  const points = Object.entries(r.byPoint)
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${p}×${n}`)
    .join(' ');
  return [
    `crash campaign: ${r.kills} SIGKILLs in ${(r.durationMs / 1000).toFixed(1)} s, ${r.restarts} restarts (${r.starvedLives} waited for a finished step), ${r.invariantChecks} invariant checks, ${r.violations.length} violations`,
    `  where: ${points}`,
    `  operator: ${r.driver.received} actas received (${r.driver.conflicts} conflicts), ${r.driver.scans} scans (${r.driver.rejectedScans} rejected by the gate), ${r.driver.verified} verified`,
    `  supervisor: ${Object.values(r.decisions).reduce((a, b) => a + b, 0)} decisions taken — ${Object.entries(
      r.decisions,
    )
      .map(([k, n]) => `${k}×${n}`)
      .join(' ')}; ${r.decisionsRefused} refused (the acta had moved on)`,
    `  end: ${r.final?.actas.size ?? 0} acta records, ${r.end.mustCount} to count, ${r.actasAcknowledged} acknowledged, ${r.end.annulledUnsent} annulled before the queue, ${r.end.annulledQueued} annulled once queued (${r.end.annulledCounted} of them counted, then replaced), ${r.centralDeliveries} deliveries at the central; outbox ${JSON.stringify(r.final?.outbox)}, drained in ${(r.drainMs / 1000).toFixed(1)} s; ${r.alarms} watchdog alarms, ${r.uncertainAnnuls} annulled-after-an-attempt warnings`,
    `  central: ${r.end.central.casillas} casillas, ${r.end.central.records} records, ${r.end.central.standing} standing, ${r.end.central.replaced} replaced, ${r.end.central.keptBoth} casillas with two or more standing`,
    `  files: ${r.final?.pages ?? 0} page images verified, ${r.final?.auditEntries ?? 0} audit entries`,
    ...r.violations.slice(0, 20).map((v) => `  VIOLATION ${v}`),
  ].join('\n');
}
