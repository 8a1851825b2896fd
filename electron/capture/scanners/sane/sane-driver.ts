// SANE through `scanimage` (no shell, no native binding: a crash in a backend kills a child
// process, never the core). A batch runs `scanimage --batch --batch-print` into a private
// folder; `--batch-print` names each page on stdout only after scanimage has renamed the
// finished `.part` file into place, so a named file is always complete.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Clock } from '../../../platform/clock';
import type { Logger } from '../../../platform/logger';
import { err, ok } from '../../../platform/result';
import { SaneScannerConfigSchema, type SaneScannerConfig, type SaneScannerConfigInput } from '../config';
import { ScannerBase, STICKY_STATES, type ActiveBatch } from '../scanner-base';
import { checkPage } from '../page-signature';
import { PAGE_SIZE_MM, type ListDevicesResult, type ScanOptions, type ScanOutcome } from '../types';
import { runProcess } from './run-process';
import { SANE_LIST_FORMAT, classifyBatchExit, deviceMatches, parseDeviceList } from './sane-status';

/** Network backends (net, airscan) discover for several seconds before answering a listing. */
export const SANE_LIST_TIMEOUT_MS = 20_000;
/** No page and no progress line for this long: the backend hung (USB stall). */
export const SANE_PAGE_TIMEOUT_MS = 120_000;
/** After SIGTERM scanimage calls sane_cancel and exits; a stuck backend gets SIGKILL after this. */
export const SANE_CANCEL_GRACE_MS = 5_000;
/** Lines of stderr kept for the log of a failed batch. */
const STDERR_TAIL_LINES = 20;

export interface SaneScannerOptions {
  clock: Clock;
  log?: Logger;
  /** For tests: overrides SANE_PAGE_TIMEOUT_MS. */
  pageTimeoutMs?: number;
  /** Where each batch gets its private folder (default: the OS temp folder). */
  workDir?: string;
}

export class SaneScanner extends ScannerBase {
  readonly driverName = 'sane' as const;
  private readonly config: SaneScannerConfig;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private killProbe: (() => void) | undefined;
  private readonly pageTimeoutMs: number;
  private readonly workDir: string;

  constructor(config: Omit<SaneScannerConfigInput, 'driver'>, opts: SaneScannerOptions) {
    super(opts.clock, opts.log?.child({ part: 'scanner', driver: 'sane' }), {
      driver: 'sane',
      name: config.device ?? 'SANE',
    });
    this.config = SaneScannerConfigSchema.parse({ ...config, driver: 'sane' });
    this.pageTimeoutMs = opts.pageTimeoutMs ?? SANE_PAGE_TIMEOUT_MS;
    this.workDir = opts.workDir ?? os.tmpdir();
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANGUAGE: 'C' };
    if (this.config.saneConfigDir) env.SANE_CONFIG_DIR = this.config.saneConfigDir;
    return env;
  }

  override start(): void {
    void this.probe();
    this.probeTimer = setInterval(() => void this.probe(), this.config.probeIntervalMs);
    this.probeTimer.unref();
  }

  override async stop(): Promise<void> {
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    this.killProbe?.();
    await this.cancel();
    await this.probing;
  }

  async listDevices(): Promise<ListDevicesResult> {
    const run = runProcess(this.config.scanimagePath, ['-f', SANE_LIST_FORMAT], {
      env: this.env(),
      timeoutMs: SANE_LIST_TIMEOUT_MS,
    });
    this.killProbe = run.kill;
    const r = await run.result;
    this.killProbe = undefined;
    switch (r.kind) {
      case 'spawn-error':
        return err(r.code === 'ENOENT' ? 'scanner.error.saneMissing' : `scanner.error.device:${r.code}`);
      case 'timeout':
        return err('scanner.error.timeout');
      case 'exited':
        if (r.code !== 0) return err(`scanner.error.device:exit ${String(r.code)}`);
        return ok(
          parseDeviceList(r.stdout).map((d) => ({ id: d.id, name: `${d.vendor} ${d.model}`.trim() })),
        );
    }
  }

  /** Checks the configured unit is still there. Never runs during a batch: SANE devices are exclusive. */
  probe(): Promise<void> {
    if (this.probing || this.active) return this.probing ?? Promise.resolve();
    this.probing = (async () => {
      const listed = await this.listDevices();
      if (this.active) return;
      if (!listed.ok) {
        this.setState(listed.error === 'scanner.error.timeout' ? 'disconnected' : 'error', listed.error);
        return;
      }
      const wanted = this.config.device;
      const found = listed.value.find((d) => (wanted ? deviceMatches(wanted, d.id) : true));
      if (!found) {
        this.setState('disconnected', 'scanner.error.disconnected');
        return;
      }
      this.cell.set({ state: this.state, health: this.cell.get().health, name: found.name });
      // Paper and cover are invisible to a listing: a jam stays shown until the next batch.
      if (!STICKY_STATES.has(this.state)) this.setState('ready', null);
    })().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  buildArgs(options: ScanOptions, pattern: string): string[] {
    const size = PAGE_SIZE_MM[options.pageSize];
    const feeder = options.source === 'feeder';
    const count = feeder ? options.maxPages : 1;
    return [
      ...(this.config.device ? ['-d', this.config.device] : []),
      `--format=${this.config.format}`,
      '--resolution',
      String(options.resolutionDpi),
      '--mode',
      options.mode === 'color' ? 'Color' : 'Gray',
      '--source',
      feeder ? this.config.feederSource : this.config.flatbedSource,
      '-x',
      String(size.width),
      '-y',
      String(size.height),
      `--batch=${pattern}`,
      '--batch-print',
      // Without a count a flatbed batch would rescan the glass forever.
      ...(count !== undefined ? [`--batch-count=${count}`] : []),
      ...this.config.extraArgs,
    ];
  }

  protected async runBatch(batch: ActiveBatch): Promise<ScanOutcome> {
    await this.probing;
    const dir = await fs.promises.mkdtemp(path.join(this.workDir, 'catd-sane-'));
    try {
      return await this.runScanimage(batch, dir);
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  private runScanimage(batch: ActiveBatch, dir: string): Promise<ScanOutcome> {
    const ext = this.config.format === 'jpeg' ? 'jpg' : this.config.format;
    const args = this.buildArgs(batch.options, path.join(dir, `p%04d.${ext}`));
    this.log?.info('scanner-sane-spawn', { args });
    let child: ChildProcess;
    try {
      child = spawn(this.config.scanimagePath, args, {
        env: this.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
      });
    } catch (err) {
      return Promise.resolve(this.spawnFailed((err as NodeJS.ErrnoException).code));
    }
    const channel = batch.channel;
    const stderrLines: string[] = [];
    let pageError: string | undefined;
    let pageWork = Promise.resolve();
    let watchdog: NodeJS.Timeout | undefined;
    let timedOut = false;
    const armWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.pageTimeoutMs);
    };
    armWatchdog();

    batch.abort = () => this.terminate(child);

    readline.createInterface({ input: child.stdout! }).on('line', (file) => {
      armWatchdog();
      pageWork = pageWork.then(async () => {
        if (batch.cancelled) return;
        try {
          const bytes = await fs.promises.readFile(file);
          await fs.promises.rm(file, { force: true });
          const check = checkPage(bytes);
          if (!check.ok) {
            pageError = `scanner.error.badPage:${check.error}`;
            return;
          }
          channel.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), check.value);
        } catch (err) {
          pageError = `scanner.error.badPage:${(err as NodeJS.ErrnoException).code ?? 'read'}`;
        }
      });
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      armWatchdog();
      stderrLines.push(line);
      if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.shift();
    });

    return new Promise<ScanOutcome>((resolve) => {
      let spawnError: string | undefined;
      child.once('error', (err: NodeJS.ErrnoException) => {
        spawnError = err.code ?? 'UNKNOWN';
      });
      child.once('close', (code, signal) => {
        clearTimeout(watchdog);
        void pageWork.then(() => {
          const pages = channel.pagesDelivered;
          if (spawnError) return resolve(this.spawnFailed(spawnError));
          const stderr = stderrLines.join('\n');
          if (batch.cancelled) return resolve({ kind: 'cancelled', pages });
          if (timedOut)
            return resolve({ kind: 'failed', pages, state: 'error', error: 'scanner.error.timeout' });
          if (pageError) return resolve({ kind: 'failed', pages, state: 'error', error: pageError });
          const verdict = classifyBatchExit(signal ? null : code, stderr, pages);
          if (verdict.kind === 'completed') return resolve({ kind: 'completed', pages });
          this.log?.warn('scanner-sane-failed', { code, signal, stderr: stderrLines });
          resolve({ kind: 'failed', pages, state: verdict.state, error: verdict.error });
        });
      });
    });
  }

  private spawnFailed(code: string | undefined): ScanOutcome {
    return code === 'ENOENT'
      ? { kind: 'failed', pages: 0, state: 'error', error: 'scanner.error.saneMissing' }
      : { kind: 'failed', pages: 0, state: 'error', error: `scanner.error.device:${code ?? 'spawn'}` };
  }

  private terminate(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const grace = setTimeout(() => child.kill('SIGKILL'), SANE_CANCEL_GRACE_MS);
      child.once('close', () => {
        clearTimeout(grace);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
