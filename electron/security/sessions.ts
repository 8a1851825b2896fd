// Browser sessions. Loopback is not trust: a random launch token is minted per start and handed
// privately to the shell (or printed once in web mode); exchanging it yields a session id that
// lives only in an HttpOnly SameSite=Strict cookie. Sessions are in memory: a core restart
// ends them all, and the shell exchanges a fresh token.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { Clock } from '../platform/clock';
import type { Language, Role } from '../../shared/domain';

/** A launch token must be exchanged within this time, and only once. */
export const LAUNCH_TOKEN_TTL_MS = 10 * 60_000;

export interface BrowserSession {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  language: Language;
  operator: { id: string; name: string; role: Role } | null;
  /**
   * Last query or command of the logged-in operator, for the inactivity lock: clock.monotonicMs(),
   * so setting the station's time cannot lock someone out nor keep an idle session open.
   */
  operatorActiveAt: number;
  /**
   * Set when the operator signed in with a PIN shorter than their role now asks: until it is
   * changed, the core accepts nothing from this session but the change (and signing out).
   */
  pinChange: { minDigits: number } | null;
  /**
   * A supervisor's short-lived elevation of this session (see security/elevation.ts): given to
   * one operator (`operatorId`) and never to whoever signs in next; `until` is monotonic.
   */
  elevation: {
    supervisor: { id: string; name: string; role: Role };
    operatorId: string;
    until: number;
  } | null;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export class SessionRegistry {
  private readonly launchTokens = new Map<string, number>(); // sha256(token) hex -> monotonic expiry
  private readonly sessions = new Map<string, BrowserSession>();

  constructor(
    private readonly clock: Clock,
    private readonly defaultLanguage: Language,
  ) {}

  /** A new single-use launch token. Keep it out of logs and URL bars where you can. */
  mintLaunchToken(): string {
    const token = randomBytes(32).toString('base64url');
    this.launchTokens.set(digest(token).toString('hex'), this.clock.monotonicMs() + LAUNCH_TOKEN_TTL_MS);
    return token;
  }

  /** Exchanges a launch token for a new session; the token is spent either way. */
  exchange(token: string): BrowserSession | null {
    const now = this.clock.now().getTime();
    const mono = this.clock.monotonicMs();
    const wanted = digest(token);
    for (const [key, expiry] of this.launchTokens) {
      if (expiry < mono) {
        this.launchTokens.delete(key);
        continue;
      }
      if (timingSafeEqual(Buffer.from(key, 'hex'), wanted)) {
        this.launchTokens.delete(key);
        const session: BrowserSession = {
          id: randomBytes(32).toString('base64url'),
          createdAt: now,
          lastSeenAt: now,
          language: this.defaultLanguage,
          operator: null,
          operatorActiveAt: mono,
          pinChange: null,
          elevation: null,
        };
        this.sessions.set(session.id, session);
        return session;
      }
    }
    return null;
  }

  get(id: string | undefined): BrowserSession | null {
    if (!id) return null;
    const s = this.sessions.get(id);
    if (!s) return null;
    s.lastSeenAt = this.clock.now().getTime();
    return s;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }
}
