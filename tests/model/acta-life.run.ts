// Runs the model-based test: fast-check draws sequences of commands (acta-life.commands.ts), each
// run plays one sequence on a sección of its own against the same real core and central, then the
// run's end is checked (acta-life.checks.ts). A failure is shrunk (each attempt a real run), and
// the report carries the seed, the shrunk sequence and the command line that replays it.
import fc from 'fast-check';
import { LifeRig } from './acta-life-rig';
import { ActaLifeModel } from './acta-life.model';
import { lifeCommands } from './acta-life.commands';
import type { LifeWorld } from './acta-life.steps';
import { finishRun } from './acta-life.checks';

export interface ModelRunOptions {
  runs: number;
  maxCommands: number;
  seed?: number;
  /** fast-check's counterexample path: replays exactly the shrunk failure. */
  path?: string;
  /** fast-check's replayPath of the shrunk sequence (which commands ran, which were skipped). */
  replayPath?: string;
  /** The whole check (shrinking included) stops after this long, reporting what it has. */
  timeLimitMs?: number;
  workDir?: string;
  log?: (line: string) => void;
  /** How to run it again (the test file or the soak), for the replay line of a failure. */
  replayCommand: string;
}

export interface ModelRunReport {
  ok: boolean;
  seed: number;
  runs: number;
  steps: number;
  durationMs: number;
  coreRestarts: number;
  centralRestarts: number;
  linkDrops: number;
  mediaExports: number;
  meanRestartMs: number;
  counts: ActaLifeModel['counts'];
  counted: number;
  centralRecords: number;
  superseded: number;
  drainMs: number;
  /** The failure: fast-check's report (seed, path, shrunk sequence) and the replay line. */
  failure: string | null;
}

export async function runActaLifeModel(o: ModelRunOptions): Promise<ModelRunReport> {
  const t0 = Date.now();
  const log = o.log ?? ((l: string) => console.log(l));
  const seed = o.seed ?? Date.now() & 0x7fffffff;
  const rig = await LifeRig.start(o.workDir ? { workDir: o.workDir } : {});
  const totals = { runs: 0, steps: 0, counted: 0, centralRecords: 0, superseded: 0, drainMs: 0 };
  const counts = new ActaLifeModel('0000').counts;
  let runNo = 0;
  const add = (into: Record<string, any>, from: Record<string, any>) => {
    for (const [k, x] of Object.entries(from))
      if (typeof x === 'number') into[k] += x;
      else add(into[k], x);
  };
  const property = fc.asyncProperty(
    // Unbiased: with a handful of runs, fast-check's bias towards small values would make most
    // sequences a few steps long.
    fc.noBias(
      fc.commands(lifeCommands(), {
        maxCommands: o.maxCommands,
        size: 'max',
        ...(o.replayPath ? { replayPath: o.replayPath } : {}),
      }),
    ),
    async (cmds) => {
      runNo++;
      // Secciones 1001…9999 of distrito 07: runs never share a casilla.
      const m = new ActaLifeModel(String(1001 + ((runNo - 1) % 8999)));
      if (!rig.centralUp) await rig.startCentral();
      m.centralUp = true;
      // Every run begins with a catalogue listing all of its casillas.
      const csv = ['entidad,distrito,seccion,tipo,numero', '09,07,' + m.seccion + ',B,1'];
      for (let i = 2; i <= 3; i++) csv.push(`09,07,${m.seccion},B,${i}`);
      const loaded = await rig.supervise('mutation', 'supervisor.catalogue.load', {
        csv: csv.join('\n') + '\n',
        reason: 'catálogo de la corrida del modelo',
      });
      if (!loaded.ok || !loaded.data.ok) throw new Error(`catalogue refused: ${JSON.stringify(loaded)}`);
      m.catalogue = new Set([0, 1, 2]);
      let end;
      try {
        await fc.asyncModelRun(() => ({ model: m, real: { rig } satisfies LifeWorld }), cmds);
        end = await finishRun(m, rig);
      } catch (err) {
        // The run's own trace: what each step did to which acta, as this attempt ran it.
        const trace = m.trace.map((t, i) => `      ${i + 1}. ${t}`).join('\n');
        throw new Error(`${(err as Error).message}\n  the run (sección ${m.seccion}):\n${trace}`);
      }
      totals.runs++;
      totals.steps += m.steps;
      totals.counted += end.counted;
      totals.centralRecords += end.centralRecords;
      totals.superseded += end.superseded;
      totals.drainMs = Math.max(totals.drainMs, end.drainMs);
      add(counts, m.counts);
      log(
        `  run ${totals.runs}: ${m.steps} steps, ${m.order.length} actas, ${end.counted} counted, ${end.superseded} superseded at the central, drained in ${(end.drainMs / 1000).toFixed(1)} s · ${rig.counts.coreRestarts} core restarts so far`,
      );
    },
  );
  log(
    `acta-life model: ${o.runs} runs × up to ${o.maxCommands} commands, seed ${seed}, data in ${rig.workDir}`,
  );
  let failure: string | null = null;
  try {
    const details = await fc.check(property, {
      numRuns: o.runs,
      seed,
      // A replay runs the shrunk sequence once and stops (no new shrinking).
      ...(o.path ? { path: o.path, endOnFailure: true } : {}),
      verbose: fc.VerbosityLevel.Verbose,
      ...(o.timeLimitMs ? { interruptAfterTimeLimit: o.timeLimitMs, markInterruptAsFailure: false } : {}),
    });
    if (details.failed) {
      const message = fc.defaultReportMessage(details) ?? `failed with seed ${details.seed}`;
      const replayPath = /replayPath="([^"]*)"/.exec(message)?.[1] ?? null;
      const replay =
        `CATD_MODEL_SEED=${details.seed} CATD_MODEL_PATH='${details.counterexamplePath}' ` +
        (replayPath ? `CATD_MODEL_REPLAY='${replayPath}' ` : '') +
        `CATD_MODEL_RUNS=${o.runs} CATD_MODEL_COMMANDS=${o.maxCommands} ${o.replayCommand}`;
      const cause =
        details.errorInstance instanceof Error
          ? details.errorInstance.message
          : String(details.errorInstance);
      failure = `${message}\n\nWhat failed (the shrunk run):\n  ${cause}\n\nReplay the shrunk failure:\n  ${replay}`;
    }
  } finally {
    await rig.stop(failure !== null);
  }
  const r = rig.counts;
  const report: ModelRunReport = {
    ok: failure === null,
    seed,
    ...totals,
    durationMs: Date.now() - t0,
    coreRestarts: r.coreRestarts,
    centralRestarts: r.centralRestarts,
    linkDrops: r.linkDrops,
    mediaExports: r.mediaExports,
    meanRestartMs: r.coreRestarts ? Math.round(r.restartMs / r.coreRestarts) : 0,
    counts,
    failure,
  };
  log(formatModelRun(report));
  return report;
}

export function formatModelRun(r: ModelRunReport): string {
  const c = r.counts;
  return [
    `acta-life model: ${r.ok ? 'passed' : 'FAILED'} · seed ${r.seed} · ${r.runs} runs, ${r.steps} steps in ${(r.durationMs / 1000).toFixed(1)} s`,
    `  faults: ${r.coreRestarts} core SIGKILL restarts (mean ${r.meanRestartMs} ms), ${r.linkDrops} link drops, ${r.centralRestarts} central restarts, ${r.mediaExports} USB exports imported`,
    `  operator: ${c.received} received (${c.conflicts} conflicts), ${c.scans} scans (${c.gateRejections} rejected by the gate), ${c.rejections} rejected at verification, ${c.verified} verified`,
    `  supervisor: replace ${c.resolutions.replace}, keep both ${c.resolutions.keep_both}, keep existing ${c.resolutions.keep_existing}, ${c.holds} holds, ${c.releases} releases, ${c.annulled} annulled, ${c.outOfCatalogueAccepted} out-of-catalogue accepted, ${c.catalogueLoads} catalogues loaded`,
    `  CATD: ${c.otherStations} casillas another station received first, ${c.lateConflicts} late conflicts (an offline acopio's report reaching the central)`,
    `  end of runs: ${r.counted} records counted once each, ${r.centralRecords} records at the central (${r.superseded} superseded), slowest drain ${(r.drainMs / 1000).toFixed(1)} s`,
    ...(r.failure ? ['', r.failure] : []),
  ].join('\n');
}
