// Drains the outbox over whichever link the selector made active (link-selector.ts: circuits,
// probes, failover and failback), up to the link's concurrency. Each attempt is recorded before it
// starts; its outcome says whose fault a failure was: the link's (the selector moves the work to
// the next link at once), the acta's for now (backoff) or for good (dead letter). Every switch
// and every delivery is audited in the same transaction as the change it records.
import { crashPoint } from '../platform/crash-points';
import type { Db } from '../store/db';
import type { AuditLog } from '../security/audit';
import { canonicalJson } from '../platform/canonical-json';
import { signBytes } from '../platform/signing';
import type { StationKey } from '../security/station-key';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Activity } from '../platform/activity';
import {
  HeartbeatAnswerSchema,
  HEARTBEAT_CLOCK_KEY,
  INTAKE_HEARTBEAT_PATH,
  INTAKE_PROTOCOL_VERSION,
  type Heartbeat,
} from '../../shared/intake';
import { TransmitConfigSchema, type TransmitConfig, type TransmitConfigInput } from './config';
import { MAX_RETRY_WAIT_MS, TRANSMIT_ACTOR, type Outbox, type OutboxEntry } from './outbox';
import { deliverOverLink, jsonBody, probeOverLink, type DeliveryOutcome } from './protocol';
import { ClockOffsetMeter, offsetFromExchange, startExchange } from './clock-offset';
import { RequestSigner } from './request-signer';
import { OriginalUploads, type ScanFiles } from './original-uploads';
import { backoffWithJitter } from '../platform/backoff';
import {
  LinkSelector,
  type LinkProbe,
  type LinkSelectionStatus,
  type LinkSwitch,
  type SelectableLink,
} from './link-selector';
import type { LinkClient } from './http-client';

/** First wait before an acta is retried after a refusal that may pass; doubles, with jitter. */
export const ACTA_BACKOFF_BASE_MS = 1_000;
export const ACTA_BACKOFF_MAX_MS = MAX_RETRY_WAIT_MS;
/**
 * The central holds a manifest "in flight" under a lease while a request (perhaps on a link that
 * just died) is committing it: asking again at a steady pace delivers the acta as soon as the
 * lease ends, instead of an exponential wait that can double the delay.
 */
export const IN_FLIGHT_RETRY_MS = 5_000;
/** Longest the drain loop sleeps without looking at the queue. */
const IDLE_POLL_MS = 1_000;

export interface TransmitLinkStatus extends LinkSelectionStatus {
  inFlight: number;
}

export type TransmitEvent =
  | { type: 'switch'; from: string | null; to: string | null; reason: string; atMs: number }
  | { type: 'delivered'; outboxId: number; actaKey: string; link: string; replayed: boolean; atMs: number }
  | { type: 'failed'; outboxId: number; actaKey: string; link: string; error: string; atMs: number }
  | { type: 'dead'; outboxId: number; actaKey: string; error: string; atMs: number };

export interface TransmitterDeps {
  db: Db;
  audit: AuditLog;
  outbox: Outbox;
  stationKey: StationKey;
  /** The central's public key (PEM), from enrolment: the only key whose receipts count. */
  centralKeyPem: string;
  stationId: string;
  clock: Clock;
  log: Logger;
  activity?: Activity;
  /** Station health sent with each heartbeat (devices, power...); the queue depth is added here. */
  health?: () => Record<string, unknown>;
  random?: () => number;
  /** Where the offset to the central's clock is kept (shared with the status bar); one of its own if absent. */
  clockOffset?: ClockOffsetMeter;
  /** A training station: its requests are marked training (a production central refuses them). */
  training?: boolean;
  /** Run before each attempt: puts back a lost transmission copy (TransmissionCopies.restore). */
  prepare?: (entry: OutboxEntry) => Promise<void>;
  /** The scanned pages: originals the central asks for are sent from here (absent: never sent). */
  scans?: ScanFiles;
}

export class Transmitter {
  private paused = false;
  readonly config: TransmitConfig;
  private readonly selector: LinkSelector;
  /** Outbox ids being sent, by link. */
  private readonly inflightByLink = new Map<SelectableLink, Set<number>>();
  /** Until when (steady ms) a busy central asked this link's actas to wait. */
  private readonly busyUntil = new Map<SelectableLink, number>();
  private readonly inflightIds = new Set<number>();
  /** Sends in progress, so a hold can cut one short. */
  private readonly sending = new Map<number, { actaKey: string; controller: AbortController }>();
  private readonly listeners = new Set<(e: TransmitEvent) => void>();
  private readonly sends = new Set<Promise<void>>();
  private running = false;
  private sleepTimer: NodeJS.Timeout | undefined;
  private sleepResolve: (() => void) | null = null;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  /** The station's clock offset to the central, measured on every probe and heartbeat answer. */
  readonly clockOffset: ClockOffsetMeter;
  private readonly originals: OriginalUploads | null;

  constructor(
    config: TransmitConfigInput,
    private readonly deps: TransmitterDeps,
  ) {
    this.config = TransmitConfigSchema.parse(config);
    this.clockOffset = deps.clockOffset ?? new ClockOffsetMeter();
    this.originals = deps.scans ? new OriginalUploads({ ...deps, scans: deps.scans }) : null;
    this.selector = new LinkSelector({
      links: this.config.links,
      failbackAfterMs: this.config.failbackAfterMs,
      probeIntervalMs: this.config.probeIntervalMs,
      now: () => this.now(),
      log: deps.log,
      random: deps.random,
      probe: (link) => this.probe(link),
      signer: new RequestSigner(
        deps.stationKey,
        deps.stationId,
        deps.clock,
        this.clockOffset,
        deps.training ?? false,
      ),
      onSwitch: (change) => this.switched(change),
    });
    for (const l of this.selector.links) this.inflightByLink.set(l, new Set());
  }

  onEvent(listener: (e: TransmitEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: TransmitEvent): void {
    for (const l of this.listeners) l(e);
  }

  /**
   * Every deadline here (circuit waits, backoffs, failback) is on the outbox's steady timeline:
   * wall time at start plus monotonic time since, so a clock jump cannot stall or rush them.
   */
  private now(): number {
    return this.deps.outbox.scheduleNowMs();
  }

  status(): TransmitLinkStatus[] {
    const links = this.selector.links;
    return this.selector.status().map((s, i) => ({ ...s, inFlight: this.inflightOn(links[i]!).size }));
  }

  activeLink(): string | null {
    return this.selector.activeLink()?.cfg.name ?? null;
  }

  /** The active link's signed client (null: no link is up), for the CATD's acopio and counts. */
  activeClient(): LinkClient | null {
    return this.selector.activeLink()?.client ?? null;
  }

  private inflightOn(link: SelectableLink): Set<number> {
    return this.inflightByLink.get(link)!;
  }

  /** A supervisor's pause: nothing new leaves (what is in flight finishes) until resume(). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** A supervisor's preferred link (null: priority order); see LinkSelector.prefer. */
  prefer(linkName: string | null): boolean {
    return this.selector.prefer(linkName);
  }

  preferredLink(): string | null {
    return this.selector.preferredLink();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.deps.log.info('transmit-init', { links: this.selector.links.map((l) => l.cfg.name) });
    const rebased = this.deps.outbox.rebaseRetries();
    if (rebased) this.deps.log.warn('outbox-retries-rebased', { actas: rebased });
    this.selector.start();
    this.heartbeatTimer = setInterval(() => void this.sendHeartbeat(), this.config.heartbeatIntervalMs);
    this.heartbeatTimer.unref();
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.heartbeatTimer);
    this.selector.stop();
    await this.originals?.idle();
    this.wake();
    for (const l of this.selector.links) l.client.abortAll();
    await this.loopDone;
    await Promise.allSettled([...this.sends]);
    for (const l of this.selector.links) l.client.close();
    this.deps.log.info('transmit-complete', {});
  }

  /** New work arrived (an acta was enqueued or re-queued): look at the queue now. */
  wake(): void {
    if (this.sleepResolve) this.sleepResolve();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.fill();
      const link = this.selector.activeLink();
      // A busy central asked for a pause: nothing is due on its link before then.
      const next = Math.max(
        this.deps.outbox.nextDueAt() ?? Infinity,
        (link && this.busyUntil.get(link)) || 0,
      );
      const delay =
        next === Infinity ? IDLE_POLL_MS : Math.max(10, Math.min(IDLE_POLL_MS, next - this.now()));
      await new Promise<void>((resolve) => {
        this.sleepResolve = resolve;
        this.sleepTimer = setTimeout(resolve, delay);
      });
      clearTimeout(this.sleepTimer);
      this.sleepResolve = null;
    }
  }

  private fill(): void {
    const link = this.selector.activeLink();
    if (!link || !this.running || this.paused) return;
    if (this.now() < (this.busyUntil.get(link) ?? 0)) return;
    const free = link.cfg.maxConcurrency - this.inflightOn(link).size;
    if (free <= 0) return;
    for (const entry of this.deps.outbox.due(this.now(), free, this.inflightIds)) {
      const p = this.send(entry, link);
      this.sends.add(p);
      void p.finally(() => this.sends.delete(p));
    }
  }

  /**
   * A supervisor held or annulled an acta while it was being sent: the upload is cut short (the
   * attempt reads as failed, no link is blamed) so it does not reach the central after the hold.
   * Only a manifest the central had already committed before the abort can still count there.
   */
  cancel(outboxId: number): boolean {
    const c = this.sending.get(outboxId);
    if (!c) return false;
    c.controller.abort();
    this.deps.log.info('transmit-cancelled', { outboxId, actaKey: c.actaKey });
    return true;
  }

  private async send(entry: OutboxEntry, link: SelectableLink): Promise<void> {
    const controller = new AbortController();
    const inflight = this.inflightOn(link);
    this.sending.set(entry.id, { actaKey: entry.actaKey, controller });
    this.inflightIds.add(entry.id);
    inflight.add(entry.id);
    const endActivity = this.deps.activity?.begin('transmitting') ?? (() => {});
    let attemptId: number | null = null;
    try {
      attemptId = this.deps.outbox.beginAttempt(entry.id, link.cfg.name);
      crashPoint('outbox.attempt');
      await this.deps.prepare?.(entry);
      const out = await deliverOverLink(link.client, entry, {
        stationId: this.deps.stationId,
        centralKeyPem: this.deps.centralKeyPem,
        chunkBytes: this.config.chunkBytes,
        signal: controller.signal,
        manifestLeaving: () => this.deps.outbox.manifestLeaving(entry.id),
      });
      this.settle(entry, link, attemptId, out);
    } catch (err) {
      // A programming error or a disk failure: logged, and the acta waits for a later try.
      this.deps.log.error('transmit-internal', { outboxId: entry.id, error: String(err) });
      if (attemptId !== null)
        this.deps.outbox.failAttempt(attemptId, entry.id, 'transmit.error.internal', {
          retryAt: this.now() + ACTA_BACKOFF_MAX_MS,
        });
    } finally {
      endActivity();
      this.sending.delete(entry.id);
      inflight.delete(entry.id);
      this.inflightIds.delete(entry.id);
      this.wake();
    }
  }

  private settle(entry: OutboxEntry, link: SelectableLink, attemptId: number, out: DeliveryOutcome): void {
    const now = this.now();
    const attempts = entry.attempts + 1;
    const exhausted = attempts >= this.config.maxAttempts;
    switch (out.kind) {
      case 'delivered': {
        crashPoint('transmit.receipt');
        this.deps.outbox.deliver(entry.id, attemptId, out.receipt, `link:${link.cfg.name}`);
        crashPoint('outbox.delivered');
        this.selector.linkDelivered(link);
        this.deps.log.info('acta-delivered', {
          actaKey: entry.actaKey,
          link: link.cfg.name,
          receiptId: out.receipt.receipt.receiptId,
          replayed: out.replayed,
        });
        this.emit({
          type: 'delivered',
          outboxId: entry.id,
          actaKey: entry.actaKey,
          link: link.cfg.name,
          replayed: out.replayed,
          atMs: now,
        });
        return;
      }
      case 'link': {
        // The acta did nothing wrong: it goes to the next link at once (the circuit keeps this one out).
        const aborted = out.error.startsWith('transmit.error.aborted');
        if (exhausted && !aborted) this.deadLetter(entry, attemptId, out.error);
        else this.deps.outbox.failAttempt(attemptId, entry.id, out.error, { retryAt: now });
        this.emit({
          type: 'failed',
          outboxId: entry.id,
          actaKey: entry.actaKey,
          link: link.cfg.name,
          error: out.error,
          atMs: now,
        });
        if (!aborted && this.running) this.selector.linkFailed(link, out.error);
        return;
      }
      case 'retry': {
        if (out.retryAfterMs !== undefined) {
          // The central is busy: no fault of the acta's, so no attempt spent; the whole link waits
          // as asked (every acta asking now would only be turned away too), spread by a jitter so
          // that the stations turned away together do not come back together.
          const wait = Math.round(out.retryAfterMs * (0.75 + 0.5 * (this.deps.random ?? Math.random)()));
          this.busyUntil.set(link, Math.max(this.busyUntil.get(link) ?? 0, now + wait));
          this.deps.outbox.failAttempt(attemptId, entry.id, out.error, {
            retryAt: now + wait,
            uncounted: true,
          });
        } else if (exhausted) this.deadLetter(entry, attemptId, out.error);
        else
          this.deps.outbox.failAttempt(attemptId, entry.id, out.error, {
            retryAt:
              now +
              (out.error === 'transmit.error.in_flight'
                ? IN_FLIGHT_RETRY_MS
                : backoffWithJitter(ACTA_BACKOFF_BASE_MS, ACTA_BACKOFF_MAX_MS, attempts, this.deps.random)),
          });
        this.emit({
          type: 'failed',
          outboxId: entry.id,
          actaKey: entry.actaKey,
          link: link.cfg.name,
          error: out.error,
          atMs: now,
        });
        return;
      }
      case 'permanent':
        this.deadLetter(entry, attemptId, out.error);
        return;
    }
  }

  private deadLetter(entry: OutboxEntry, attemptId: number, error: string): void {
    this.deps.outbox.failAttempt(attemptId, entry.id, error, { dead: true });
    this.deps.log.warn('acta-dead-letter', { actaKey: entry.actaKey, error });
    this.emit({ type: 'dead', outboxId: entry.id, actaKey: entry.actaKey, error, atMs: this.now() });
  }

  /** Supervisor action (role checked by the caller). */
  requeue(outboxId: number, actor: string): boolean {
    const ok = this.deps.outbox.requeue(outboxId, actor);
    if (ok) this.wake();
    return ok;
  }

  /** The selector chose another link (or none): audited, logged, told, and the queue looked at. */
  private switched({ from, to, reason }: LinkSwitch): void {
    // The first choice at start is not a switch and is not audited, unless it finds no link.
    if (reason !== 'start' || to === null) {
      this.deps.db.transaction(() =>
        this.deps.audit.append(TRANSMIT_ACTOR, 'link.switch', to ?? 'ninguno', { from, to, reason }),
      )();
    }
    this.deps.log.info('link-switch', { from, to, reason });
    this.emit({ type: 'switch', from, to, reason, atMs: this.now() });
    this.wake();
  }

  /** A health probe for the selector; its answer also measures the offset to the central's clock. */
  private async probe(link: SelectableLink): Promise<LinkProbe> {
    const r = await probeOverLink(link.client, this.deps.clock);
    if (r.ok && this.running)
      this.clockOffset.record(offsetFromExchange(r.value.timing, r.value.centralTime, link.cfg.name));
    return r;
  }

  /** Signed station health on whichever link works; the central keeps the latest. */
  async sendHeartbeat(): Promise<boolean> {
    const link = this.selector.activeLink();
    if (!link) return false;
    const heartbeat: Heartbeat = {
      protocol: INTAKE_PROTOCOL_VERSION,
      stationId: this.deps.stationId,
      at: this.deps.clock.now().toISOString(),
      link: link.cfg.name,
      queue: this.deps.outbox.counts(),
      health: { ...this.deps.health?.(), [HEARTBEAT_CLOCK_KEY]: this.clockOffset.latest() ?? undefined },
      // The central keeps it as an anchor: this chain can no longer be cut or rewritten up to here.
      auditHead: this.deps.audit.head(),
    };
    const signature = signBytes(this.deps.stationKey, Buffer.from(canonicalJson(heartbeat)));
    const exchange = startExchange(this.deps.clock);
    const r = await link.client.request('POST', INTAKE_HEARTBEAT_PATH, {
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ heartbeat, signature })),
    });
    const timing = exchange();
    const answer =
      r.ok && r.value.status === 200 ? HeartbeatAnswerSchema.safeParse(jsonBody(r.value.body)) : null;
    if (answer?.success) {
      this.clockOffset.record(offsetFromExchange(timing, answer.data.time, link.cfg.name));
      this.originals?.asked(link.client, link.cfg.name, answer.data.originals ?? []);
    } else
      this.deps.log.warn('heartbeat-failed', {
        link: link.cfg.name,
        status: r.ok ? r.value.status : r.error.code,
      });
    return answer?.success === true;
  }
}
