// Active health probe of each configured link to the central intake. The status bar shows what
// the last probe found; transmission (a later issue) chooses links from the same statuses.
import type { Clock } from '../app/clock';
import type { Logger } from '../log/logger';
import type { LinkConfig as FullLinkConfig } from '../app/config';

/** What a probe needs of a link. */
type LinkConfig = Pick<FullLinkConfig, 'name' | 'role' | 'priority' | 'url'>;
import { SIM_INTAKE_URL } from '../app/config';
import type { Health, LinkState, LinkStatus } from '../../shared/domain';
import { INTAKE_HEALTH_PATH, IntakeHealthSchema } from '../../shared/intake';

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

/** One probe: GET <base>/v1/health, answered by the intake's own health body within the timeout. */
export async function probeLink(baseUrl: string, timeoutMs = LINK_PROBE_TIMEOUT_MS): Promise<ProbeOutcome> {
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(new URL(INTAKE_HEALTH_PATH, baseUrl), {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
      redirect: 'manual',
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const code = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name);
    return {
      state: 'offline',
      latencyMs: null,
      error: `link.error.${code === 'timeout' ? 'timeout' : 'unreachable'}:${code}`,
    };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const latencyMs = Math.round(performance.now() - started);
  const parsed = IntakeHealthSchema.safeParse(body);
  if (res.status !== 200 || !parsed.success) {
    return { state: 'not_intake', latencyMs, error: `link.error.notIntake:HTTP ${res.status}` };
  }
  return { state: latencyMs > LINK_SLOW_MS ? 'slow' : 'connected', latencyMs, error: null };
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
  }

  private baseUrl(link: LinkConfig): string | null {
    if (link.url !== SIM_INTAKE_URL) return link.url;
    return this.simIntakeUrl ?? null;
  }

  private async probeAll(): Promise<void> {
    const outcomes = await Promise.all(
      [...this.links]
        .sort((a, b) => a.priority - b.priority)
        .map(async (l): Promise<ProbeOutcome> => {
          const base = this.baseUrl(l);
          if (!base) return { state: 'not_configured', latencyMs: null, error: 'link.error.simNotRunning' };
          return probeLink(base);
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
