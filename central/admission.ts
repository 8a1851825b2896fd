// Admission at an intake node: how many station requests it works on at once. A node that takes
// every request when it cannot keep up makes each one wait longer than the station waits for an
// answer (2.5 s): the station gives up and asks again, and the node does the same work twice
// (session 12's national slice on PostgreSQL: 26,348 retries for 20,000 actas, manifests p99
// 2.5 s, half the heartbeats timed out). So past a limit the first request of a new acta (its
// "which images do you lack?") is answered at once with 503 `busy` and when to come back, before a
// byte of it is read or a signature checked; an acta already under way (its chunks, its manifest),
// heartbeats and CATD queries are let in up to a higher ceiling, so work begun is finished first.
import type http from 'node:http';
import {
  INTAKE_BLOBS_PATH,
  INTAKE_HEALTH_PATH,
  INTAKE_MANIFESTS_PATH,
  INTAKE_MISSING_PATH,
  MAX_BUSY_RETRY_AFTER_MS,
} from '../shared/intake';
import { bodyWithheld } from './expect-continue';

/** A new acta's first request, or anything else a station sends. */
export type AdmissionClass = 'start' | 'continue';

export interface AdmissionLimits {
  /** Requests in progress at which a new acta's first request is turned away. */
  startAt: number;
  /** Requests in progress at which every station request is turned away. */
  ceiling: number;
}

/** Shortest and longest wait a busy answer asks for. */
export const BUSY_RETRY_MIN_MS = 500;
export const BUSY_RETRY_MAX_MS = 15_000;
/** Busy answers a node aims to give for each new acta it lets in (retryAfterMs). */
export const BUSY_PER_ADMITTED = 1;

/**
 * The default: measured on 2 cores (docs/central-deployment.md; session 13, national slice: 24
 * kept manifests p99 at 355 ms but left the node idle, 136 actas/s; 48 took 137–159 actas/s with
 * p99 524–649 ms; 32 took 163 actas/s with p99 455–560 ms). A node's PostgreSQL pool has 8
 * connections; requests beyond what it can serve only queue in the node's memory.
 */
export const DEFAULT_ADMIT = 32;

/**
 * The answer time a node keeps its manifests under (90th percentile over each second): half the
 * night's p99 goal (500 ms). The configured limit is right for a node that has its cores to itself;
 * a node that shares them (two nodes and PostgreSQL on one machine, a database catching up after
 * a failover) does the same work more slowly with more at once. On the national slice with two
 * nodes on 2 cores each let 32 in, and manifests waited 1.5–2.5 s at the peak while one node alone
 * answered in 210 ms (p99). So a node whose manifests take longer lets fewer new actas in.
 */
export const ANSWER_TARGET_MS = 250;
/** The longest a node gathers manifests' answer times before it judges them (or drops too few). */
export const JUDGE_WITHIN_MS = 5_000;
/** However slow its answers, a node still lets this many requests be in progress for new actas. */
export const MIN_START_AT = 4;

/** CATD_INTAKE_ADMIT: `off`, or the start limit (4–4096); the ceiling is four times it. */
export function admissionLimits(raw = process.env.CATD_INTAKE_ADMIT): AdmissionLimits | null {
  if (raw === 'off') return null;
  if (raw === undefined || raw === '') return { startAt: DEFAULT_ADMIT, ceiling: 4 * DEFAULT_ADMIT };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 4 || n > 4096)
    throw new Error(`CATD_INTAKE_ADMIT debe ser «off» o un entero de 4 a 4096 (recibido: «${raw}»)`);
  return { startAt: n, ceiling: 4 * n };
}

/**
 * A new acta begins with its "which images do you lack?" or, on a first attempt with pages that
 * fit in one chunk, with its first image at offset 0 (protocol.ts). Health (a probe of the link,
 * touches no database) and the operators' panel are never gated.
 */
export function admissionClass(req: http.IncomingMessage): AdmissionClass | null {
  const url = req.url ?? '/';
  if (!url.startsWith('/v')) return null;
  const [p, query = ''] = url.split('?', 2);
  if (p === INTAKE_HEALTH_PATH) return null;
  if (req.method === 'POST' && p === INTAKE_MISSING_PATH) return 'start';
  if (req.method === 'PUT' && p!.startsWith(`${INTAKE_BLOBS_PATH}/`) && /(^|&)offset=0(&|$)/.test(query))
    return 'start';
  return 'continue';
}

/** A manifest: the request whose answer time steers the limit (IntakeAdmission.recordAnswer). */
export function isManifestRequest(req: http.IncomingMessage): boolean {
  return req.method === 'POST' && (req.url ?? '').split('?', 1)[0] === INTAKE_MANIFESTS_PATH;
}

/** Per-second rates, smoothed: how fast new actas get in, and how often one is turned away. */
class Rate {
  private count = 0;
  private since: number;
  value = 0;
  constructor(private readonly now: () => number) {
    this.since = now();
  }
  add(): void {
    this.roll();
    this.count++;
  }
  perSecond(): number {
    this.roll();
    return this.value;
  }
  private roll(): void {
    const t = this.now();
    while (t - this.since >= 1000) {
      this.value = 0.6 * this.value + 0.4 * this.count;
      this.count = 0;
      this.since += 1000;
      // A long quiet spell: every further second would only decay to zero.
      if (t - this.since > 30_000) {
        this.value = 0;
        this.since = t;
      }
    }
  }
}

export class IntakeAdmission {
  private inFlight = 0;
  /** The start limit in force: the configured one, lowered while answers are slow (steer()). */
  private startAt: number;
  /** Manifests answered since the last steering, ms each. */
  private answersMs: number[] = [];
  private turnedAwayStarts = 0;
  private limitSteeredAt: number;
  /** When the answers being gathered for the next judgement began. */
  private judgingSince: number;
  private readonly admittedStarts: Rate;
  private readonly turnedAway: Rate;
  /** Requests turned away since the node started, by class (`catd central` reports them each minute). */
  readonly busyAnswers = { start: 0, continue: 0 };

  private waitMs = BUSY_RETRY_MIN_MS;
  private steeredAt: number;

  constructor(
    readonly limits: AdmissionLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.admittedStarts = new Rate(now);
    this.turnedAway = new Rate(now);
    this.steeredAt = now();
    this.limitSteeredAt = now();
    this.judgingSince = now();
    this.startAt = limits.startAt;
  }

  get inProgress(): number {
    return this.inFlight;
  }

  /** The start limit in force now (at most the configured one). */
  get startLimit(): number {
    return this.startAt;
  }

  /** A release function for an admitted request (call it once, when its answer is done), or null: busy. */
  tryAdmit(cls: AdmissionClass): (() => void) | null {
    this.steer();
    const limit = cls === 'start' ? this.startAt : this.limits.ceiling;
    if (this.inFlight >= limit) {
      this.busyAnswers[cls]++;
      this.turnedAway.add();
      if (cls === 'start') this.turnedAwayStarts++;
      return null;
    }
    if (cls === 'start') this.admittedStarts.add();
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
    };
  }

  /**
   * A manifest accepted, ms from its last byte read to its answer sent: the node's and the
   * database's work only. Not from admission: a station on a slow link, or a client trickling its
   * body on purpose, would then pull every station's limit down. Image uploads are not recorded
   * (their time is mostly the link's), nor refused manifests (anyone can send one).
   */
  recordAnswer(ms: number): void {
    if (this.answersMs.length < 10_000) this.answersMs.push(ms);
  }

  /**
   * Once a second: slow manifests (p90 over the target) cut the start limit by a quarter; quick ones
   * (under 60 % of it) while new actas were being turned away raise it by a fifth, up to the
   * configured limit. Cut fast, raise fast enough: after a failover the limit is back in seconds.
   * Too few manifests to judge (under 8) are kept for the next second, up to JUDGE_WITHIN_MS:
   * a node slow enough to answer fewer than 8 a second is still judged (a CI run saw 10 stations'
   * 50 slow manifests spread so thin that no second held 8, and the limit never moved); answers
   * older than that are dropped, so a quiet spell is not judged on stale ones.
   */
  private steer(): void {
    const t = this.now();
    if (t - this.limitSteeredAt < 1000) return;
    this.limitSteeredAt = t;
    if (this.answersMs.length < 8 && t - this.judgingSince < JUDGE_WITHIN_MS) return;
    const answers = this.answersMs;
    const turnedAway = this.turnedAwayStarts;
    this.answersMs = [];
    this.turnedAwayStarts = 0;
    this.judgingSince = t;
    if (answers.length < 8) return;
    answers.sort((a, b) => a - b);
    const p90 = answers[Math.floor(answers.length * 0.9)]!;
    if (p90 > ANSWER_TARGET_MS) this.startAt = Math.max(MIN_START_AT, Math.floor(this.startAt * 0.75));
    else if (p90 < ANSWER_TARGET_MS * 0.6 && turnedAway > 0)
      this.startAt = Math.min(
        this.limits.startAt,
        Math.max(this.startAt + 1, Math.round(this.startAt * 1.2)),
      );
  }

  /**
   * How long a turned-away station should wait. The stations waiting get in at the rate new actas
   * are admitted, whatever they are told; each asking again costs both ends a request (on the
   * national slice, answering every 0.5–2 s cost the stations' side more CPU than their actas).
   * So the wait is steered, once a second, towards about BUSY_PER_ADMITTED busy answers for each
   * acta let in: longer while more are turned away, back to the shortest when none is.
   */
  retryAfterMs(): number {
    const t = this.now();
    if (t - this.steeredAt >= 1000) {
      this.steeredAt = t;
      const ratio =
        this.turnedAway.perSecond() / (BUSY_PER_ADMITTED * Math.max(1, this.admittedStarts.perSecond()));
      // A square root and a bounded step: a few seconds to settle, no swing from one second's count.
      this.waitMs *= Math.sqrt(Math.min(4, Math.max(0.25, ratio)));
      this.waitMs = Math.min(
        BUSY_RETRY_MAX_MS,
        MAX_BUSY_RETRY_AFTER_MS,
        Math.max(BUSY_RETRY_MIN_MS, this.waitMs),
      );
    }
    return Math.round(this.waitMs);
  }
}

/**
 * The busy answer. The body (small for a new acta's first request) is read and dropped so that the
 * connection stays usable for the station's next request.
 */
export function answerBusy(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  retryAfterMs: number,
  send: (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>) => void,
): void {
  const answer = () =>
    send(
      res,
      503,
      { error: 'busy', retryAfterMs },
      { 'Retry-After': String(Math.ceil(retryAfterMs / 1000)) },
    );
  if (req.readableEnded) {
    answer();
    return;
  }
  // Never asked for, the body is not coming: answered now, on a connection that then closes.
  if (bodyWithheld(req, res)) {
    res.setHeader('Connection', 'close');
    answer();
    return;
  }
  req.on('end', answer);
  req.on('error', () => res.destroy());
  req.resume();
}
