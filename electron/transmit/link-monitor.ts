// Active health probe of each configured link to the central intake. The status bar shows what
// the last probe found; the link selector (link-selector.ts) chooses links from the transmitter's
// attempts and probes of its own.
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { SIM_INTAKE_URL, type TransmitLink } from './config';
import type { Health, LinkState, LinkStatus } from '../../shared/domain';
import { INTAKE_HEALTH_PATH, IntakeHealthSchema } from '../../shared/intake';
import { LinkClient, type LinkEndpoint } from './http-client';

/** What a probe needs of a link (its URL may be the SIM_INTAKE_URL placeholder). */
type LinkConfig = Pick<TransmitLink, 'name' | 'role' | 'priority' | 'url'> &
  Partial<Pick<TransmitLink, 'ca' | 'pinSha256' | 'localAddress'>>;

/** How often each link is probed; with the timeout below a dead link shows within 10 s. */
export const LINK_PROBE_INTERVAL_MS = 2_000;
export const LINK_PROBE_TIMEOUT_MS = 3_000;
/** A healthy answer slower than this shows the link as slow (amber). */
export const LINK_SLOW_MS = 1_500;

const HEALTH_OF: Record<LinkState, Health> = {
  connected: 'ok',
  slow: 'warning',
  offline: 'offline',
  not_intake: 'fault',
  not_configured: 'unknown',
  checking: 'unknown',
};

export interface ProbeOutcome {
  state: LinkState;
  latencyMs: number | null;
  error: string | null;
}

/**
 * One probe: GET <base>/v2/health over the link's own client (its CA, pinned key and bind address,
 * as the transmitter uses it), answered by the intake's own health body within the timeout.
 */
export async function probeWith(
  client: LinkClient,
  timeoutMs = LINK_PROBE_TIMEOUT_MS,
): Promise<ProbeOutcome> {
  const started = performance.now();
  const r = await client.request('GET', INTAKE_HEALTH_PATH, {
    deadlineMs: timeoutMs,
    headers: { accept: 'application/json' },
  });
  if (!r.ok) {
    const timeout = r.error.kind === 'timeout';
    return {
      state: 'offline',
      latencyMs: null,
      error: `link.error.${timeout ? 'timeout' : 'unreachable'}:${r.error.code}`,
    };
  }
  const res = r.value;
  const latencyMs = Math.round(performance.now() - started);
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  if (res.status !== 200 || !IntakeHealthSchema.safeParse(body).success) {
    return { state: 'not_intake', latencyMs, error: `link.error.notIntake:HTTP ${res.status}` };
  }
  return { state: latencyMs > LINK_SLOW_MS ? 'slow' : 'connected', latencyMs, error: null };
}

/** A one-off probe of a URL (or a full endpoint with CA/pin/bind address). */
export async function probeLink(
  endpoint: string | Omit<LinkEndpoint, 'maxConcurrency'>,
  timeoutMs = LINK_PROBE_TIMEOUT_MS,
): Promise<ProbeOutcome> {
  const client = new LinkClient({
    ...(typeof endpoint === 'string' ? { url: endpoint } : endpoint),
    maxConcurrency: 1,
  });
  try {
    return await probeWith(client, timeoutMs);
  } finally {
    client.close();
  }
}

export class LinkMonitor {
  private readonly statuses: LinkStatus[];
  private readonly listeners = new Set<(links: LinkStatus[]) => void>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly links: readonly LinkConfig[],
    /** Base URL that replaces `sim:intake` (the intake server `npm start` runs), if any. */
    private readonly simIntakeUrl: string | undefined,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    const now = clock.now().toISOString();
    this.statuses = [...links]
      .sort((a, b) => a.priority - b.priority)
      .map((l) => ({
        name: l.name,
        role: l.role,
        priority: l.priority,
        state: 'checking',
        health: 'unknown',
        latencyMs: null,
        lastError: null,
        since: now,
        lastProbeAt: null,
      }));
  }

  list(): LinkStatus[] {
    return this.statuses.map((s) => ({ ...s }));
  }

  onChange(listener: (links: LinkStatus[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.running = true;
    void this.probeAll();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private readonly clients = new Map<string, LinkClient>();

  /** One client per link, kept: probes reuse its connection as the transmitter would. */
  private client(link: LinkConfig): LinkClient | null {
    const url = link.url !== SIM_INTAKE_URL ? link.url : this.simIntakeUrl;
    if (!url) return null;
    let c = this.clients.get(link.name);
    if (!c) {
      c = new LinkClient({
        url,
        ca: link.ca,
        pinSha256: link.pinSha256,
        localAddress: link.localAddress,
        maxConcurrency: 1,
      });
      this.clients.set(link.name, c);
    }
    return c;
  }

  private async probeAll(): Promise<void> {
    const outcomes = await Promise.all(
      [...this.links]
        .sort((a, b) => a.priority - b.priority)
        .map(async (l): Promise<ProbeOutcome> => {
          const client = this.client(l);
          if (!client) return { state: 'not_configured', latencyMs: null, error: 'link.error.simNotRunning' };
          return probeWith(client);
        }),
    );
    if (!this.running) return;
    const now = this.clock.now().toISOString();
    let changed = false;
    outcomes.forEach((o, i) => {
      const prev = this.statuses[i]!;
      const stateChanged = prev.state !== o.state;
      if (stateChanged) {
        this.log.info(o.state === 'connected' ? 'link-up' : 'link-down', {
          link: prev.name,
          from: prev.state,
          to: o.state,
          error: o.error,
        });
      }
      if (stateChanged || prev.lastError !== o.error || prev.latencyMs !== o.latencyMs) changed = true;
      this.statuses[i] = {
        ...prev,
        state: o.state,
        health: HEALTH_OF[o.state],
        latencyMs: o.latencyMs,
        lastError: o.error,
        since: stateChanged ? now : prev.since,
        lastProbeAt: now,
      };
    });
    if (changed) for (const l of this.listeners) l(this.list());
    this.timer = setTimeout(() => void this.probeAll(), LINK_PROBE_INTERVAL_MS);
    this.timer.unref();
  }
}
