// eSCL / AirScan over HTTP (Mopria eSCL): the network and USB (through ipp-usb) multifunction
// devices. One batch = one ScanJob: POST ScanSettings, then GET NextDocument until 404. A 503
// means "busy, ask again" (the device is still feeding or warming up); why a job ended (jam,
// empty tray, open hatch) is only in ScannerStatus, so every abnormal answer is followed by a
// status read.
import type { Clock } from '../../../platform/clock';
import type { Logger } from '../../../platform/logger';
import { err, ok, type Result } from '../../../platform/result';
import { EsclScannerConfigSchema, type EsclScannerConfig, type EsclScannerConfigInput } from '../config';
import { ScannerBase, type ActiveBatch } from '../scanner-base';
import { checkPage } from '../page-signature';
import type { ListDevicesResult, ScanOptions, ScanOutcome, ScannerState } from '../types';
import { request, text, type HttpAnswer } from './escl-http';
import {
  ESCL_COLOR_MODE,
  buildScanSettings,
  parseCapabilities,
  parseStatus,
  type EsclCapabilities,
  type EsclStatus,
} from './escl-xml';
import { backoffMs } from '../../../platform/backoff';

/** Status and capabilities are small documents: a device that takes longer is not answering. */
export const ESCL_STATUS_TIMEOUT_MS = 5_000;
/** One page at 300 dpi over a slow Wi-Fi link. */
export const ESCL_PAGE_TIMEOUT_MS = 60_000;
/** Back-off after a 503: starts here, doubles, capped below. */
export const ESCL_BUSY_FIRST_DELAY_MS = 200;
export const ESCL_BUSY_MAX_DELAY_MS = 2_000;
/** A device busy for longer than this is shown as busy to the operator. */
export const ESCL_BUSY_GIVE_UP_MS = 30_000;
/** DELETE of a job on cancel; if it is not answered the device will time the job out itself. */
export const ESCL_CANCEL_TIMEOUT_MS = 3_000;

export interface EsclScannerOptions {
  clock: Clock;
  log?: Logger;
  /** For tests: overrides ESCL_BUSY_GIVE_UP_MS. */
  busyGiveUpMs?: number;
}

/** Where a device that stopped was left, and the message key of why (a failed ScanOutcome's). */
interface Stop {
  state: ScannerState;
  error: string;
}

/** One exchange with the device: what it answered, or why it stopped. */
type Step<T> = Result<T, Stop>;

function adfProblem(adfState: string | undefined): Stop | undefined {
  switch (adfState) {
    case 'ScannerAdfJam':
    case 'ScannerAdfMispick':
    case 'ScannerAdfMultipickDetected':
      return { state: 'jammed', error: 'scanner.error.jammed' };
    case 'ScannerAdfHatchOpen':
      return { state: 'cover_open', error: 'scanner.error.coverOpen' };
    default:
      return undefined;
  }
}

export class EsclScanner extends ScannerBase {
  readonly driverName = 'escl' as const;
  private readonly config: EsclScannerConfig;
  private readonly base: string;
  private caps: EsclCapabilities | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private readonly busyGiveUpMs: number;
  private readonly stopping = new AbortController();

  constructor(config: Omit<EsclScannerConfigInput, 'driver'>, opts: EsclScannerOptions) {
    super(opts.clock, opts.log?.child({ part: 'scanner', driver: 'escl' }), {
      driver: 'escl',
      name: config.url,
    });
    this.config = EsclScannerConfigSchema.parse({ ...config, driver: 'escl' });
    this.base = this.config.url.replace(/\/+$/, '');
    this.busyGiveUpMs = opts.busyGiveUpMs ?? ESCL_BUSY_GIVE_UP_MS;
  }

  override start(): void {
    void this.probe();
    this.probeTimer = setInterval(() => void this.probe(), this.config.probeIntervalMs);
    this.probeTimer.unref();
  }

  override async stop(): Promise<void> {
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    await this.cancel();
    this.stopping.abort();
    await this.probing;
  }

  async listDevices(): Promise<ListDevicesResult> {
    // eSCL has no bus to enumerate (mDNS discovery is the OS's job); the one configured URL is the device.
    const caps = await this.capabilities();
    return caps.ok ? ok([{ id: this.base, name: caps.value.makeAndModel }]) : err(caps.error.error);
  }

  private async capabilities(): Promise<Step<EsclCapabilities>> {
    if (this.caps) return ok(this.caps);
    const a = await request(`${this.base}/ScannerCapabilities`, {
      timeoutMs: ESCL_STATUS_TIMEOUT_MS,
      signal: this.stopping.signal,
    });
    if (a.kind === 'network') return err(this.unreachable(a.code));
    if (a.status !== 200) return err({ state: 'error', error: `scanner.error.badAnswer:HTTP ${a.status}` });
    const parsed = parseCapabilities(text(a.body));
    if (!parsed.ok) return err({ state: 'error', error: parsed.error });
    this.caps = parsed.value;
    this.cell.set({ state: this.state, health: this.cell.get().health, name: parsed.value.makeAndModel });
    return ok(parsed.value);
  }

  private async readStatus(): Promise<Step<EsclStatus>> {
    const a = await request(`${this.base}/ScannerStatus`, {
      timeoutMs: ESCL_STATUS_TIMEOUT_MS,
      signal: this.stopping.signal,
    });
    if (a.kind === 'network') return err(this.unreachable(a.code));
    if (a.status !== 200) return err({ state: 'error', error: `scanner.error.badAnswer:HTTP ${a.status}` });
    const parsed = parseStatus(text(a.body));
    return parsed.ok ? parsed : err({ state: 'error', error: parsed.error });
  }

  private unreachable(code: string): Stop {
    // A device that went away between requests invalidates what we knew of it (it may come back re-flashed).
    this.caps = undefined;
    return { state: 'disconnected', error: `scanner.error.disconnected:${code}` };
  }

  /** Reads ScannerStatus and shows it; skipped during a batch, where the batch owns the state. */
  probe(): Promise<void> {
    if (this.probing || this.active) return this.probing ?? Promise.resolve();
    this.probing = (async () => {
      const caps = await this.capabilities();
      const s = caps.ok ? await this.readStatus() : caps;
      if (this.active) return;
      if (!s.ok) return this.setState(s.error.state, s.error.error);
      const st = s.value;
      const adf = adfProblem(st.adfState);
      if (adf) return this.setState(adf.state, adf.error);
      switch (st.state) {
        case 'Down':
        case 'Stopped':
          return this.setState('error', `scanner.error.device:${st.state}`);
        case 'Processing':
        case 'Testing':
          // Busy with a job of its own (a copy at the device's panel).
          return this.setState('scanning', null);
        case 'Idle':
          // An empty tray is only a fault once a feeder batch found it empty; it clears on reload.
          if (this.state === 'feeder_empty' && st.adfState === 'ScannerAdfEmpty') return;
          return this.setState('ready', null);
      }
    })().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  /** Why did the device stop? Asked after every abnormal answer. */
  private async explain(pages: number, fallback: Stop): Promise<ScanOutcome> {
    const s = await this.readStatus();
    if (!s.ok) return { kind: 'failed', pages, ...s.error };
    const adf = adfProblem(s.value.adfState);
    if (adf) return { kind: 'failed', pages, ...adf };
    if (pages === 0 && s.value.adfState === 'ScannerAdfEmpty') {
      return { kind: 'failed', pages, state: 'feeder_empty', error: 'scanner.error.feederEmpty' };
    }
    return { kind: 'failed', pages, ...fallback };
  }

  private checkSupported(caps: EsclCapabilities, o: ScanOptions): boolean {
    const src = o.source === 'feeder' ? caps.feeder : caps.flatbed;
    if (!src) return false;
    if (src.colorModes.length && !src.colorModes.includes(ESCL_COLOR_MODE[o.mode])) return false;
    if (src.resolutions.length && !src.resolutions.includes(o.resolutionDpi)) return false;
    if (src.formats.length && !src.formats.includes(this.config.documentFormat)) return false;
    return true;
  }

  /** Repeats a request while the device answers 503, with growing pauses, until the give-up time. */
  private async whileBusy(
    batch: ActiveBatch,
    send: (signal: AbortSignal) => Promise<HttpAnswer>,
    signal: AbortSignal,
  ): Promise<HttpAnswer> {
    const giveUpAt = this.clock.now().getTime() + this.busyGiveUpMs;
    for (let attempt = 0; ; attempt++) {
      const delay = backoffMs(attempt, ESCL_BUSY_FIRST_DELAY_MS, ESCL_BUSY_MAX_DELAY_MS);
      const a = await send(signal);
      if (
        a.kind !== 'response' ||
        a.status !== 503 ||
        batch.cancelled ||
        this.clock.now().getTime() + delay > giveUpAt
      )
        return a;
      this.log?.info('scanner-escl-busy', { delayMs: delay });
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  protected async runBatch(batch: ActiveBatch): Promise<ScanOutcome> {
    const o = batch.options;
    const inflight = new AbortController();
    // Set once the device has created the job; cancel deletes it from then on.
    const job: { url?: string } = {};
    batch.abort = async () => {
      inflight.abort();
      if (job.url) await this.deleteJob(job.url);
    };

    const caps = await this.capabilities();
    if (!caps.ok) return { kind: 'failed', pages: 0, ...caps.error };
    if (!this.checkSupported(caps.value, o)) {
      return { kind: 'failed', pages: 0, state: 'ready', error: 'scanner.error.unsupported' };
    }
    if (batch.cancelled) return { kind: 'cancelled', pages: 0 };

    const settings = buildScanSettings(o, this.config.documentFormat);
    const created = await this.whileBusy(
      batch,
      (signal) =>
        request(`${this.base}/ScanJobs`, {
          method: 'POST',
          body: settings,
          contentType: 'text/xml',
          timeoutMs: ESCL_STATUS_TIMEOUT_MS,
          signal,
        }),
      inflight.signal,
    );
    if (created.kind === 'network' && batch.cancelled) return { kind: 'cancelled', pages: 0 };
    if (created.kind === 'network') return { kind: 'failed', pages: 0, ...this.unreachable(created.code) };
    const location = created.headers.get('location');
    if (created.status !== 201 || !location) {
      if (created.status === 503)
        return { kind: 'failed', pages: 0, state: 'error', error: 'scanner.error.deviceBusy' };
      return this.explain(0, { state: 'error', error: `scanner.error.device:HTTP ${created.status}` });
    }
    let parsedLocation: URL;
    try {
      // Some devices answer an absolute URL, others a path: both resolve against the base.
      parsedLocation = new URL(location, `${this.base}/`);
    } catch {
      return { kind: 'failed', pages: 0, state: 'error', error: 'scanner.error.badAnswer:location' };
    }
    const jobUrl = parsedLocation.href.replace(/\/+$/, '');
    job.url = jobUrl;
    this.log?.info('scanner-escl-job', { job: jobUrl });
    if (batch.cancelled) {
      // Cancelled while the device was creating the job: it would otherwise hold the feeder.
      await this.deleteJob(jobUrl);
      return { kind: 'cancelled', pages: 0 };
    }

    const limit = o.source === 'flatbed' ? 1 : (o.maxPages ?? Infinity);
    let pages = 0;
    while (pages < limit) {
      const a = await this.whileBusy(
        batch,
        (signal) => request(`${jobUrl}/NextDocument`, { timeoutMs: ESCL_PAGE_TIMEOUT_MS, signal }),
        inflight.signal,
      );
      if (batch.cancelled) return { kind: 'cancelled', pages };
      if (a.kind === 'network') return { kind: 'failed', pages, ...this.unreachable(a.code) };
      if (a.status === 404) {
        // End of the job. It may have ended because the tray jammed or was empty from the start.
        if (pages > 0) {
          const s = await this.readStatus();
          const adf = s.ok ? adfProblem(s.value.adfState) : undefined;
          return adf ? { kind: 'failed', pages, ...adf } : { kind: 'completed', pages };
        }
        return this.explain(0, { state: 'error', error: 'scanner.error.noPages' });
      }
      if (a.status === 503)
        return { kind: 'failed', pages, state: 'error', error: 'scanner.error.deviceBusy' };
      if (a.status !== 200)
        return this.explain(pages, { state: 'error', error: `scanner.error.device:HTTP ${a.status}` });
      const check = checkPage(a.body);
      if (!check.ok)
        return { kind: 'failed', pages, state: 'error', error: `scanner.error.badPage:${check.error}` };
      batch.channel.push(a.body, check.value);
      pages++;
    }
    // Page limit reached with paper still in the tray: release the device.
    await this.deleteJob(jobUrl);
    return { kind: 'completed', pages };
  }

  private async deleteJob(jobUrl: string): Promise<void> {
    const a = await request(jobUrl, { method: 'DELETE', timeoutMs: ESCL_CANCEL_TIMEOUT_MS });
    this.log?.info('scanner-escl-delete', {
      job: jobUrl,
      answer: a.kind === 'response' ? a.status : a.code,
    });
  }
}
