// Sends the acopio reports the central did not get at the time (workflow/acopio-reports.ts), so
// the CATD's view counts them and the station learns whether another station of its CATD had
// received the key first. It never holds up acopio: it runs on its own timer, one report at a
// time. With no link up it waits for one without counting attempts (a link coming back is seen
// within REPORT_POLL_MS); a link that is up but fails backs off, up to REPORT_BACKOFF_MAX_MS. The
// central keeps one event per station and key, so a report sent again after a crash is harmless.
import type { Logger } from '../platform/logger';
import { crashPoint } from '../platform/crash-points';
import type { AcopioSighting } from '../../shared/catd-view';
import type { AcopioReportRow } from '../workflow/acopio-reports';
import type { LateSightingOutcome } from '../workflow/catd-sightings';
import type { Clock } from '../platform/clock';
import type { ActaWorkflow } from '../workflow';
import type { AcopioLookup, CatdPeer } from './catd-peer';

/** How often due reports are looked for (a cheap indexed query, no network unless one is due). */
export const REPORT_POLL_MS = 2_000;
export const REPORT_BACKOFF_FIRST_MS = 5_000;
export const REPORT_BACKOFF_MAX_MS = 5 * 60_000;
/**
 * How often the CATD view is read in the background, so a station learns that another station
 * received one of its keys after it even with nobody on the Tablero (which reads it more often).
 */
export const CATD_LATER_LOOK_MS = 60_000;
/** Reports sent per round: a long outage's backlog goes out in rounds, the timer stays short. */
const REPORTS_PER_ROUND = 50;
/**
 * The central's answers that no retry will change: the report is closed as refused (a key of
 * another CATD, a malformed event, a training station's acopio, which must never count).
 */
const REFUSALS = new Set(['other_catd', 'bad_request', 'purpose_mismatch']);
/** Nothing to send to: no link up. Not the report's fault, so no attempt counted. */
const NO_LINK = new Set(['no_link', 'not_enrolled']);

export interface AcopioReporterDeps {
  reports: {
    due(nowUtc: string, limit: number): AcopioReportRow[];
    settle(actaId: number, state: 'sent' | 'refused', atUtc: string, reason: string | null): void;
    retryAt(actaId: number, nextUtc: string, reason: string): void;
  };
  /** The central recorded it; the workflow decides what `earlier` means for the acta. */
  reported(actaId: number, earlier: readonly AcopioSighting[]): LateSightingOutcome;
  send(keyId: string, at: { utc: string; offsetMinutes: number }): Promise<AcopioLookup>;
  /** Reads the CATD view (its later acopios reach the workflow through the peer's listener). */
  look?: () => Promise<unknown>;
  log: Logger;
  now?: () => Date;
}

export function backoffMs(attempts: number): number {
  return Math.min(REPORT_BACKOFF_MAX_MS, REPORT_BACKOFF_FIRST_MS * 2 ** Math.max(0, attempts));
}

export class AcopioReporter {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<number> | null = null;
  private stopped = false;
  private lookedAtMs = -Infinity;
  private readonly now: () => Date;

  constructor(private readonly d: AcopioReporterDeps) {
    this.now = d.now ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round: sends what is due; the number the central recorded. */
  sendDue(): Promise<number> {
    this.round ??= this.sendRound().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.sendDue()
        .then(() => this.lookIfDue())
        .catch((err: unknown) => this.d.log.error('catd-report-failed', { error: String(err) }))
        .finally(() => this.schedule(REPORT_POLL_MS));
    }, ms);
    this.timer.unref();
  }

  private async lookIfDue(): Promise<void> {
    const nowMs = this.now().getTime();
    if (!this.d.look || this.stopped || nowMs - this.lookedAtMs < CATD_LATER_LOOK_MS) return;
    this.lookedAtMs = nowMs;
    await this.d.look();
  }

  private async sendRound(): Promise<number> {
    let sent = 0;
    for (const r of this.d.reports.due(this.now().toISOString(), REPORTS_PER_ROUND)) {
      if (this.stopped) break;
      const seen = await this.d.send(r.key_id, { utc: r.received_at_utc, offsetMinutes: r.received_offset });
      const at = this.now();
      if (!seen.online) {
        if (NO_LINK.has(seen.reason)) break;
        if (REFUSALS.has(seen.reason)) {
          this.d.reports.settle(r.acta_id, 'refused', at.toISOString(), seen.reason);
          this.d.log.warn('catd-report-refused', { actaId: r.acta_id, keyId: r.key_id, reason: seen.reason });
          continue;
        }
        const next = new Date(at.getTime() + backoffMs(r.attempts)).toISOString();
        this.d.reports.retryAt(r.acta_id, next, seen.reason);
        this.d.log.warn('catd-report-retry', { actaId: r.acta_id, reason: seen.reason, next });
        // The link is up but failing: the rest would fail alike; they wait for the next round.
        break;
      }
      crashPoint('catd.reported');
      const outcome = this.d.reported(r.acta_id, seen.earlier);
      if (outcome === 'busy') continue;
      sent++;
      const stations = seen.earlier.map((e) => e.stationId);
      if (outcome === 'clear') this.d.log.info('catd-report-sent', { actaId: r.acta_id, keyId: r.key_id });
      else
        this.d.log.warn('catd-report-elsewhere', { actaId: r.acta_id, keyId: r.key_id, stations, outcome });
    }
    return sent;
  }
}

/** The core's reporter, started: the acopios the central did not hear of at the time, sent in the background. */
export function startAcopioReporter(o: {
  workflow: ActaWorkflow;
  peer: CatdPeer;
  log: Logger;
  clock: Clock;
}): AcopioReporter {
  const log = o.log.child({ part: 'catd-reports' });
  // This station had the key first, another received it after: the supervisor is told, once.
  o.peer.onLater((later) => {
    for (const n of o.workflow.catdLaterLearnt(later))
      log.warn('catd-later-elsewhere', { actaId: n.actaId, keyId: n.keyId, station: n.stationName });
  });
  const reporter = new AcopioReporter({
    reports: o.workflow.acopioReports,
    reported: (id, earlier) => o.workflow.acopioReported(id, earlier),
    send: (keyId, at) => o.peer.reportLate(keyId, at),
    look: () => o.peer.view(),
    log,
    now: () => o.clock.now(),
  });
  reporter.start();
  return reporter;
}
