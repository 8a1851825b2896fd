// Which link carries the traffic. One link is active at a time: the supervisor's preferred link
// while its circuit is closed, otherwise the first by priority whose circuit is closed. A failure
// on the active link (or a missed probe) opens its circuit at once and ends what was in flight on
// it, so failover takes one probe interval at most. A link whose circuit opened comes back only
// after it has answered its probe, without a miss, for `failbackAfterMs` (no flapping).
import type { Logger } from '../platform/logger';
import type { Result } from '../platform/result';
import { backoffWithJitter } from '../platform/backoff';
import type { TransmitLink } from './config';
import { LinkClient } from './http-client';
import type { RequestSigner } from './request-signer';

/** First wait after a link's circuit opens; doubles on each consecutive opening, with jitter. */
export const CIRCUIT_BASE_MS = 500;
export const CIRCUIT_MAX_MS = 30_000;

export type CircuitState = 'closed' | 'open';

/** A configured link and the client that talks over it. */
export interface SelectableLink {
  readonly cfg: TransmitLink;
  readonly client: LinkClient;
}

export interface LinkSelectionStatus {
  name: string;
  role: TransmitLink['role'];
  priority: number;
  circuit: CircuitState;
  active: boolean;
  /** Since when the probe has answered without a miss (ISO), if it does. */
  healthySince: string | null;
  latencyMs: number | null;
  lastError: string | null;
}

/** The active link changed; `to` is null when no link's circuit is closed. */
export interface LinkSwitch {
  from: string | null;
  to: string | null;
  reason: string;
}

/** A health probe's answer: the round trip, or the message key of why the link failed it. */
export type LinkProbe = Result<{ latencyMs: number }, string>;

export interface LinkSelectorOptions {
  links: readonly TransmitLink[];
  /** How long a recovering link must answer its probe before it takes the traffic back. */
  failbackAfterMs: number;
  probeIntervalMs: number;
  /** Now, in epoch ms, on a timeline a wall-clock jump does not move (the outbox's). */
  now: () => number;
  log: Logger;
  random?: () => number;
  probe: (link: SelectableLink) => Promise<LinkProbe>;
  /** Signs every request of every link with the station key. */
  signer?: RequestSigner;
  /** Called after the active link changed (the selector's state already shows the new one). */
  onSwitch: (change: LinkSwitch) => void;
}

interface LinkRuntime extends SelectableLink {
  circuit: CircuitState;
  openUntil: number;
  consecutiveOpens: number;
  healthySince: number | null;
  latencyMs: number | null;
  lastError: string | null;
  probeTimer?: NodeJS.Timeout;
}

export class LinkSelector {
  /** In priority order; status() lists them in the same order. */
  readonly links: readonly SelectableLink[];
  private readonly runtimes: LinkRuntime[];
  private active: LinkRuntime | null = null;
  private preferred: string | null = null;
  private running = false;

  constructor(private readonly opts: LinkSelectorOptions) {
    this.runtimes = [...opts.links]
      .sort((a, b) => a.priority - b.priority)
      .map((cfg) => ({
        cfg,
        client: new LinkClient(cfg, opts.signer),
        circuit: 'closed' as CircuitState,
        openUntil: 0,
        consecutiveOpens: 0,
        healthySince: null,
        latencyMs: null,
        lastError: null,
      }));
    this.links = this.runtimes;
  }

  /** Chooses the first active link and starts probing every link. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.reselect('start');
    for (const l of this.runtimes) this.scheduleProbe(l, 0);
  }

  /** Stops probing; a probe still in flight is ignored when it answers. */
  stop(): void {
    this.running = false;
    for (const l of this.runtimes) clearTimeout(l.probeTimer);
  }

  activeLink(): SelectableLink | null {
    return this.active;
  }

  status(): LinkSelectionStatus[] {
    return this.runtimes.map((l) => ({
      name: l.cfg.name,
      role: l.cfg.role,
      priority: l.cfg.priority,
      circuit: l.circuit,
      active: this.active === l,
      healthySince: l.healthySince === null ? null : new Date(l.healthySince).toISOString(),
      latencyMs: l.latencyMs,
      lastError: l.lastError,
    }));
  }

  /**
   * A supervisor prefers a link: it carries the traffic while its circuit is closed; the others
   * stay as fallback. null returns to priority order. Unknown names are refused.
   */
  prefer(linkName: string | null): boolean {
    if (linkName !== null && !this.runtimes.some((l) => l.cfg.name === linkName)) return false;
    this.preferred = linkName;
    this.reselect(linkName ? 'supervisor.prefer' : 'supervisor.priority');
    return true;
  }

  preferredLink(): string | null {
    return this.preferred;
  }

  /** The link (or whatever answers on it) failed an acta: its circuit opens, the work moves on. */
  linkFailed(link: SelectableLink, reason: string): void {
    this.openCircuit(this.runtimeOf(link), reason);
  }

  /** An acta went through: the next opening of this circuit waits the shortest time again. */
  linkDelivered(link: SelectableLink): void {
    this.runtimeOf(link).consecutiveOpens = 0;
  }

  /** What a health probe of `link` found. */
  recordProbe(link: SelectableLink, probe: LinkProbe): void {
    const l = this.runtimeOf(link);
    const now = this.opts.now();
    if (probe.ok) {
      l.latencyMs = probe.value.latencyMs;
      l.healthySince ??= now;
      if (l.circuit === 'open' && now >= l.openUntil && now - l.healthySince >= this.healthyNeeded(l))
        this.closeCircuit(l);
    } else if (l.circuit === 'closed') {
      this.openCircuit(l, probe.error);
    } else {
      l.healthySince = null;
      l.lastError = probe.error;
    }
  }

  private runtimeOf(link: SelectableLink): LinkRuntime {
    const l = this.runtimes.find((r) => r === link);
    if (!l) throw new Error(`link ${link.cfg.name} is not one of this selector's`);
    return l;
  }

  private openCircuit(link: LinkRuntime, reason: string): void {
    link.lastError = reason;
    link.healthySince = null;
    if (link.circuit === 'open') return;
    link.circuit = 'open';
    link.consecutiveOpens++;
    link.openUntil =
      this.opts.now() +
      backoffWithJitter(CIRCUIT_BASE_MS, CIRCUIT_MAX_MS, link.consecutiveOpens, this.opts.random);
    link.client.abortAll();
    this.opts.log.warn('link-circuit-open', { link: link.cfg.name, reason, openUntil: link.openUntil });
    this.reselect(reason);
  }

  private closeCircuit(link: LinkRuntime): void {
    link.circuit = 'closed';
    link.lastError = null;
    this.opts.log.info('link-circuit-closed', { link: link.cfg.name });
    this.reselect('link.recovered');
  }

  private reselect(reason: string): void {
    const closed = this.runtimes.filter((l) => l.circuit === 'closed');
    const next = closed.find((l) => l.cfg.name === this.preferred) ?? closed[0] ?? null;
    if (next === this.active) return;
    const from = this.active?.cfg.name ?? null;
    this.active = next;
    this.opts.onSwitch({ from, to: next?.cfg.name ?? null, reason });
  }

  /**
   * How long a recovering link must stay healthy. While another link carries the traffic, the
   * full failback period (so a flapping primary does not take the work back and drop it again);
   * when nothing works, the first good probe after the circuit's wait is enough.
   */
  private healthyNeeded(link: LinkRuntime): number {
    return this.active && this.active !== link ? this.opts.failbackAfterMs : 0;
  }

  private scheduleProbe(link: LinkRuntime, delay: number): void {
    if (!this.running) return;
    link.probeTimer = setTimeout(() => void this.probe(link), delay);
    link.probeTimer.unref();
  }

  private async probe(link: LinkRuntime): Promise<void> {
    const r = await this.opts.probe(link);
    if (!this.running) return;
    this.recordProbe(link, r);
    this.scheduleProbe(link, this.opts.probeIntervalMs);
  }
}
