// The long run: one station works without pause for a set time — an operator receiving, scanning
// and verifying actas, a real eSCL scanner (simulated device over HTTP) that is unplugged now and
// then, a Megatec UPS on a pseudo-terminal whose cable is pulled, and a primary link that drops
// while the backup stays — and its memory, open files and event-loop delay are sampled. They must
// level off, not grow with time; at the end the outbox drains and every invariant holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startIntakeServer } from '../../central/server';
import { startEsclSimulator, type EsclSimulator } from '../../sim/escl/server';
import { actaPageSource } from '../../sim/acta/page-source';
import { MegatecSimulator } from '../../sim/ups/megatec';
import { startPtyPair } from '../helpers/pty-pair';
import type { ScanOptions } from '../../electron/capture/scanners/types';
import { assertBuiltCore, startStation, writeStationConfig, type Credentials } from './station-process';
import { CoreUnreachable, StationClient } from './station-client';
import { OperatorDriver } from './operator-driver';
import { BlobVerifier } from './invariants';
import { finishAndDrain } from './drain';
import { LinkFlapper } from './link-flapper';
import { analyseGrowth, type GrowthVerdict } from './growth';
import { renderCurves, type FaultWindow } from './curves';

export interface LongRunOptions {
  durationMs: number;
  sampleMs: number;
  /** How often each fault comes back, and how long it lasts. */
  faults: {
    linkEveryMs: number;
    linkDownMs: number;
    scannerEveryMs: number;
    scannerOffMs: number;
    upsEveryMs: number;
    upsOffMs: number;
  };
  outDir: string;
  /** Not judged for growth before this (the share WARM_UP_SHARE of the run is never judged). */
  warmUpMs?: number;
  /** Keep the station's and central's folders (logs, database) even when the run is clean. */
  keepWorkDir?: boolean;
  log?: (line: string) => void;
}

export interface VitalsSample {
  t: number;
  rssMB: number;
  heapMB: number;
  /** Buffers and ArrayBuffers the JS side holds (page images among them): a leaked page shows here. */
  externalMB: number;
  fds: number;
  loopP99Ms: number;
  loopMaxMs: number;
  acknowledged: number;
}

export interface LongRunReport {
  durationMs: number;
  samples: VitalsSample[];
  faults: FaultWindow[];
  growth: GrowthVerdict[];
  violations: string[];
  actas: number;
  acknowledged: number;
  drainMs: number;
  scans: number;
  rejectedScans: number;
  refusals: number;
  scanMs: number;
  refusalReasons: Map<string, number>;
  gateReasons: Map<string, number>;
  pngFile: string;
  svgFile: string;
  jsonFile: string;
}

/** What the station asks of the eSCL scanner (its driver's defaults). */
const ESCL_SCAN: ScanOptions = { source: 'feeder', resolutionDpi: 300, mode: 'gray', pageSize: 'letter' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLongRun(o: LongRunOptions): Promise<LongRunReport> {
  assertBuiltCore();
  const log = o.log ?? ((l: string) => console.log(l));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-soak-'));
  const stationDir = path.join(work, 'station');
  const centralDir = path.join(work, 'central');
  const cleanups: Array<() => Promise<void> | void> = [];
  const violations: string[] = [];
  const faults: FaultWindow[] = [];
  const samples: VitalsSample[] = [];
  try {
    const intake = await startIntakeServer({ ports: [0, 0], dataDir: centralDir });
    cleanups.push(() => intake.close());
    const primary = new LinkFlapper({ host: '127.0.0.1', port: Number(new URL(intake.urls[0]!).port) });
    await primary.up();
    cleanups.push(() => primary.down());

    const escl = { sim: null as EsclSimulator | null, port: 0 };
    // One sheet per acta, put in the feeder as each scan starts (a real feeder holds one acta).
    const driver = new OperatorDriver(7, () => {
      if (escl.sim) escl.sim.sheetsInFeeder = 1;
    });
    const pages = actaPageSource({ defectRate: 0.12, seed: 7, currentKey: () => driver.scanning });
    const plugScanner = async () => {
      escl.sim = await startEsclSimulator({
        port: escl.port,
        sheetsInFeeder: 0,
        pageDelayMs: 50,
        pageSource: (i) => pages(i, ESCL_SCAN),
      });
      escl.port = escl.sim.port;
    };
    await plugScanner();
    cleanups.push(() => escl.sim?.close());

    const pty = await startPtyPair();
    cleanups.push(() => pty.dispose());
    const ups = new MegatecSimulator({ path: pty.b });
    await ups.start();
    cleanups.push(() => ups.stop());

    writeStationConfig(stationDir, {
      stationId: 'CATD-SOAK-01',
      links: [primary.url, intake.urls[1]!],
      scanner: {
        driver: 'escl',
        url: `${escl.sim!.url}`,
        documentFormat: 'image/png',
        probeIntervalMs: 1_000,
      },
      extraDevices: { ups: { driver: 'megatec', path: pty.a, pollIntervalMs: 1_000 } },
    });
    const started = await startStation({ dataDir: stationDir, centralDir, intakeUrl: intake.urls[0]! });
    if (started.kind !== 'ready')
      throw new Error(`the core died while starting:\n${started.proc.output.join('\n')}`);
    const station = started.station;
    cleanups.push(() => station.proc.stop('SIGKILL'));
    const who: Credentials = station.accounts.find((a) => a.operatorId.startsWith('operador'))!;
    const client = await StationClient.connect(station.origin, station.launchPath);
    await client.must('mutation', 'session.login', who);
    // The sampler shares the operator's session, as a screen polling the status bar would.
    const sampler = client;

    const t0 = Date.now();
    const until = t0 + o.durationMs;
    const elapsed = () => Date.now() - t0;
    let running = true;

    // The operator never stops while the run lasts.
    const operator = (async () => {
      while (running) await driver.step(client);
    })();

    // Faults on their own clocks, each recorded as a window for the picture.
    const fault = async (
      kind: FaultWindow['kind'],
      everyMs: number,
      offMs: number,
      cut: () => Promise<void>,
      restore: () => Promise<void>,
    ) => {
      await sleep(everyMs / 2);
      while (running && elapsed() + offMs < o.durationMs) {
        const from = elapsed();
        await cut();
        await sleep(offMs);
        await restore();
        faults.push({ kind, fromMs: from, toMs: elapsed() });
        await sleep(everyMs - offMs);
      }
    };
    const faultLoops = [
      fault(
        'link',
        o.faults.linkEveryMs,
        o.faults.linkDownMs,
        () => primary.down(),
        () => primary.up(),
      ),
      fault(
        'scanner',
        o.faults.scannerEveryMs,
        o.faults.scannerOffMs,
        async () => {
          await escl.sim!.close();
          escl.sim = null;
        },
        plugScanner,
      ),
      fault(
        'ups',
        o.faults.upsEveryMs,
        o.faults.upsOffMs,
        () => pty.kill(),
        () => pty.start(),
      ),
    ];

    let nextReport = 60_000;
    while (Date.now() < until) {
      const v = await sampler.must('query', 'status.vitals');
      const dash = await sampler.must('query', 'actas.dashboard');
      samples.push({
        t: elapsed(),
        rssMB: v.rssBytes / 2 ** 20,
        heapMB: v.heapUsedBytes / 2 ** 20,
        externalMB: v.externalBytes / 2 ** 20,
        fds: v.openFds ?? 0,
        loopP99Ms: v.eventLoop.p99Ms,
        loopMaxMs: v.eventLoop.maxMs,
        acknowledged: dash.counts.acknowledged,
      });
      if (elapsed() >= nextReport) {
        const s = samples.at(-1)!;
        log(
          `  ${Math.round(s.t / 60_000)} min · RSS ${s.rssMB.toFixed(0)} MB · ${s.fds} fds · loop p99 ${s.loopP99Ms} ms · ${s.acknowledged} actas acknowledged`,
        );
        nextReport += 60_000;
      }
      await sleep(o.sampleMs);
    }
    running = false;
    await Promise.all(faultLoops);
    await operator.catch((err) => {
      if (!(err instanceof CoreUnreachable)) violations.push(`operator: ${String(err)}`);
    });
    if (!primary.isUp) await primary.up();
    if (!escl.sim) await plugScanner();

    // Finish what is open; the outbox must drain.
    const blobs = new BlobVerifier(path.join(stationDir, 'blobs'));
    const end = await finishAndDrain({ client, driver, dataDir: stationDir, central: intake.store, blobs });
    violations.push(...end.violations);

    // A clean stop still works after all that.
    await station.proc.stop('SIGTERM');
    if (station.proc.child.exitCode !== 0)
      violations.push(`the core exited with ${station.proc.child.exitCode} on SIGTERM`);

    const growth = analyseGrowth(samples, o.warmUpMs);
    for (const g of growth) if (!g.bounded) violations.push(`${g.series} grows: ${g.detail}`);
    fs.mkdirSync(o.outDir, { recursive: true });
    const files = {
      svgFile: path.join(o.outDir, 'soak-curves.svg'),
      pngFile: path.join(o.outDir, 'soak-curves.png'),
      jsonFile: path.join(o.outDir, 'soak-samples.json'),
    };
    const svg = renderCurves(samples, faults, o.durationMs);
    fs.writeFileSync(files.svgFile, svg);
    const sharp = (await import('sharp')).default;
    await sharp(Buffer.from(svg)).png().toFile(files.pngFile);
    const report: LongRunReport = {
      durationMs: o.durationMs,
      samples,
      faults,
      growth,
      violations,
      actas: end.final.actas.size,
      acknowledged: end.acknowledged,
      drainMs: end.drainMs,
      scans: driver.counts.scans,
      rejectedScans: driver.counts.rejectedScans,
      refusals: driver.counts.refusals,
      scanMs: driver.counts.scanMs,
      refusalReasons: driver.refusalReasons,
      gateReasons: driver.gateReasons,
      ...files,
    };
    fs.writeFileSync(files.jsonFile, JSON.stringify({ ...report, samples }, null, 1));
    log(formatLongRun(report));
    return report;
  } finally {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
    if (violations.length === 0 && !o.keepWorkDir) fs.rmSync(work, { recursive: true, force: true });
  }
}

export function formatLongRun(r: LongRunReport): string {
  const count = (k: FaultWindow['kind']) => r.faults.filter((f) => f.kind === k).length;
  return [
    `long run: ${(r.durationMs / 60_000).toFixed(1)} min, ${r.samples.length} samples, ${r.violations.length} violations`,
    `  work: ${r.actas} actas, ${r.acknowledged} acknowledged, ${r.scans} scans (${r.rejectedScans} rejected by the gate), ${r.refusals} refusals shown to the operator, ${(r.scanMs / Math.max(1, r.scans)).toFixed(0)} ms per scan; drained in ${(r.drainMs / 1000).toFixed(1)} s`,
    `  faults: ${count('link')} primary-link drops, ${count('scanner')} scanner unplugs, ${count('ups')} UPS cable pulls`,
    `  gate: ${[...r.gateReasons].map(([k, n]) => `${k}×${n}`).join(' ') || 'no rejections'}`,
    `  refusals: ${[...r.refusalReasons].map(([k, n]) => `${k}×${n}`).join(' ') || 'none'}`,
    ...r.growth.map((g) => `  ${g.series}: ${g.detail} → ${g.bounded ? 'bounded' : 'GROWS'}`),
    `  curves: ${r.pngFile} (${r.svgFile}); samples: ${r.jsonFile}`,
    ...r.violations.slice(0, 20).map((v) => `  VIOLATION ${v}`),
  ].join('\n');
}
