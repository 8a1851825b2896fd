// The central's JSON endpoints for its screens (shared/central-panel.ts), same origin, the session
// in an HttpOnly cookie the browser sends by itself.
import { useEffect, useState } from 'react';
import { PANEL_SESSION_PATH, type PanelSession, type SignInError } from '../../shared/central-panel';

/** How often the screens ask again: fresher than the 2-minute silence they must show. */
export const PANEL_REFRESH_MS = 5_000;

export class Unauthenticated extends Error {}

export async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (r.status === 401) throw new Unauthenticated();
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return (await r.json()) as T;
}

export async function signIn(
  operatorId: string,
  password: string,
): Promise<
  { ok: true; session: PanelSession } | { ok: false; error: SignInError | 'failed'; lockedUntil?: string }
> {
  try {
    const r = await fetch(PANEL_SESSION_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ operatorId, password }),
    });
    const body = (await r.json()) as PanelSession & { error?: SignInError; lockedUntil?: string };
    if (r.ok) return { ok: true, session: body };
    if (body.error === 'wrong' || body.error === 'locked')
      return { ok: false, error: body.error, ...(body.lockedUntil ? { lockedUntil: body.lockedUntil } : {}) };
    return { ok: false, error: 'failed' };
  } catch {
    return { ok: false, error: 'failed' };
  }
}

export async function signOut(): Promise<void> {
  await fetch(PANEL_SESSION_PATH, { method: 'DELETE', credentials: 'same-origin' }).catch(() => {});
}

/**
 * The answer of `path`, asked again every PANEL_REFRESH_MS; `failedSince` once an ask fails (the
 * last figures stay on screen, marked stale); `onSignedOut` when the session is gone.
 */
export function usePolled<T>(
  path: string | null,
  onSignedOut: () => void,
): { data: T | null; status: number | null; failedSince: Date | null } {
  const [data, setData] = useState<T | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const [failedSince, setFailedSince] = useState<Date | null>(null);
  useEffect(() => {
    if (!path) return;
    let live = true;
    const tick = async () => {
      try {
        const d = await getJson<T>(path);
        if (!live) return;
        setData(d);
        setStatus(200);
        setFailedSince(null);
      } catch (err) {
        if (!live) return;
        if (err instanceof Unauthenticated) return onSignedOut();
        const m = /HTTP (\d+)/.exec((err as Error).message);
        if (m) setStatus(Number(m[1]));
        setFailedSince((f) => f ?? new Date());
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), PANEL_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path, onSignedOut]);
  return { data, status, failedSince };
}
