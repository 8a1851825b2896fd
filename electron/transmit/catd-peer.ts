// The station's side of the CATD view (shared/catd-view.ts): at acopio it tells the central the
// key it just received and hears whether another station of its CATD received it first; for the
// Tablero it reads the CATD's counts. Both ride the transmitter's active link, signed like every
// request. Neither may hold the operator up: with no link up the answer is "offline" at once, and
// a link that does not answer within CATD_ACOPIO_TIMEOUT_MS counts as offline too (the acopio goes
// on as before: a second copy is then caught by the central's 409 at transmission).
import type { StampedTime } from '../platform/clock';
import type { Logger } from '../platform/logger';
import {
  AcopioReplySchema,
  CATD_ACOPIO_PATH,
  CATD_VIEW_PATH,
  CatdViewSchema,
  type AcopioEvent,
  type AcopioSighting,
  type CatdView,
  type LaterSighting,
} from '../../shared/catd-view';
import { afterWaitingIo, type LinkClient } from './http-client';

/** Longest an acopio waits for the central's answer before going on without it. */
export const CATD_ACOPIO_TIMEOUT_MS = 1_500;
/** Longest a late acopio report (sent in the background) waits for the central's answer. */
export const CATD_LATE_REPORT_TIMEOUT_MS = 10_000;
/** The Tablero's CATD counts are asked for at most this often (they refresh every few seconds). */
export const CATD_VIEW_REFRESH_MS = 15_000;
/** Longest a Tablero refresh waits for the CATD's counts. */
export const CATD_VIEW_TIMEOUT_MS = 3_000;

const NOT_ENROLLED = 'not_enrolled';
/**
 * Reasons that are no link's fault: the station is not enrolled, or the central put it in no CATD.
 * Nothing to check then, and nothing to warn the operator about at each acopio.
 */
export function outsideAnyCatd(reason: string): boolean {
  return reason === NOT_ENROLLED || reason === 'no_catd';
}

export type AcopioLookup =
  | { online: true; earlier: AcopioSighting[] }
  /** Why the central was not asked or did not say (no link, timeout, refusal): today's process. */
  | { online: false; reason: string };

export type CatdViewLookup = { online: true; view: CatdView; at: string } | { online: false; reason: string };

export class CatdPeer {
  private cached: { view: CatdView; atMs: number; at: string } | null = null;
  /** The last failed read: not asked again (nor logged) before CATD_VIEW_REFRESH_MS. */
  private failed: { atMs: number; reason: string } | null = null;
  private inflight: Promise<CatdViewLookup> | null = null;
  private laterListener: ((later: LaterSighting[]) => void) | null = null;

  constructor(
    /** The active link's client; null when no link is up, undefined when not enrolled (no transmitter). */
    private readonly client: () => LinkClient | null | undefined,
    private readonly stationName: string,
    private readonly log: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Records the acopio at the central; the earlier acopios of the key at other stations of the CATD. */
  async reportAcopio(keyId: string, at: StampedTime): Promise<AcopioLookup> {
    const seen = await this.send(keyId, at, CATD_ACOPIO_TIMEOUT_MS);
    if (!seen.online) this.log.warn('catd-acopio-offline', { keyId, reason: seen.reason });
    else if (seen.earlier.length)
      this.log.info('catd-acopio-elsewhere', { keyId, stations: seen.earlier.map((e) => e.stationId) });
    return seen;
  }

  /**
   * An acopio the central did not hear of at the time (workflow/acopio-reports.ts), with the time
   * it happened. Nobody waits on it, so it may take longer; the reporter logs the outcome.
   */
  reportLate(keyId: string, at: StampedTime): Promise<AcopioLookup> {
    return this.send(keyId, at, CATD_LATE_REPORT_TIMEOUT_MS);
  }

  private async send(keyId: string, at: StampedTime, timeoutMs: number): Promise<AcopioLookup> {
    const event: AcopioEvent = {
      actaKey: keyId,
      stationName: this.stationName,
      receivedAt: at.utc,
      offsetMinutes: at.offsetMinutes,
    };
    const answer = await this.post(CATD_ACOPIO_PATH, event, timeoutMs);
    // Whatever the answer, the counts changed: the next Tablero refresh asks again.
    this.cached = null;
    if (!answer.ok) return { online: false, reason: answer.reason };
    const parsed = AcopioReplySchema.safeParse(answer.json);
    if (!parsed.success) return { online: false, reason: 'malformed' };
    // The central is back: the next Tablero refresh asks it at once.
    this.failed = null;
    return { online: true, earlier: parsed.data.earlier };
  }

  /**
   * Hears, at every view the central answers (the Tablero's or the reporter's), the later acopios
   * at other stations of keys this station received first.
   */
  onLater(listener: (later: LaterSighting[]) => void): void {
    this.laterListener = listener;
  }

  /** The CATD's counts, cached for CATD_VIEW_REFRESH_MS; offline when the central cannot say. */
  view(): Promise<CatdViewLookup> {
    const c = this.cached;
    if (c && this.nowMs() - c.atMs < CATD_VIEW_REFRESH_MS)
      return Promise.resolve({ online: true, view: c.view, at: c.at });
    const f = this.failed;
    if (f && this.nowMs() - f.atMs < CATD_VIEW_REFRESH_MS)
      return Promise.resolve({ online: false, reason: f.reason });
    this.inflight ??= this.fetchView().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async fetchView(): Promise<CatdViewLookup> {
    const answer = await this.post(CATD_VIEW_PATH, null, CATD_VIEW_TIMEOUT_MS);
    const parsed = answer.ok ? CatdViewSchema.safeParse(answer.json) : null;
    if (!parsed?.success) {
      const reason = answer.ok ? 'malformed' : answer.reason;
      this.log.warn('catd-view-offline', { reason });
      this.failed = { atMs: this.nowMs(), reason };
      return { online: false, reason };
    }
    const atMs = this.nowMs();
    this.failed = null;
    this.cached = { view: parsed.data, atMs, at: new Date(atMs).toISOString() };
    if (parsed.data.later?.length) {
      try {
        this.laterListener?.(parsed.data.later);
      } catch (err) {
        // The counts stand; the next view repeats the later acopios.
        this.log.error('catd-later-failed', { error: String(err) });
      }
    }
    return { online: true, view: parsed.data, at: this.cached.at };
  }

  private async post(
    path: string,
    body: unknown,
    timeoutMs: number,
  ): Promise<{ ok: true; json: unknown } | { ok: false; reason: string }> {
    const client = this.client();
    if (client === undefined) return { ok: false, reason: NOT_ENROLLED };
    if (!client) return { ok: false, reason: 'no_link' };
    // One deadline over the whole exchange, a stale-clock retry included; judged after the I/O
    // already waiting, as the link client's own.
    const abort = new AbortController();
    const deadline = afterWaitingIo(timeoutMs, () => abort.abort());
    try {
      const res = await client.request('POST', path, {
        headers: { 'Content-Type': 'application/json' },
        ...(body === null ? {} : { body: Buffer.from(JSON.stringify(body)) }),
        deadlineMs: timeoutMs,
        signal: abort.signal,
      });
      if (!res.ok) return { ok: false, reason: abort.signal.aborted ? 'timeout' : res.error.kind };
      let json: unknown;
      try {
        json = JSON.parse(res.value.body.toString('utf8'));
      } catch {
        return { ok: false, reason: `http_${res.value.status}` };
      }
      if (res.value.status !== 200) {
        const code = (json as { error?: unknown } | null)?.error;
        return { ok: false, reason: typeof code === 'string' ? code : `http_${res.value.status}` };
      }
      return { ok: true, json };
    } finally {
      deadline.clear();
    }
  }
}
