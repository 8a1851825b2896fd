// The central's own screens over HTTP, beside the intake protocol on the same ports: the built
// screens (dist/central-ui) under /panel/, and their JSON under /panel/api/, every answer but
// sign-in only for a signed-in central operator (operators.ts). The session is a cookie the page's
// script cannot read (HttpOnly) and no other site can make the browser send (SameSite=Strict); a
// request that names another Origin is refused as well. Pages get the station core's CSP.
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createFileLogger, type Logger } from '../electron/platform/logger';
import { SECURITY_HEADERS } from '../electron/platform/security-headers';
import { serveStatic } from '../electron/platform/static-files';
import { jsonReply } from './json-reply';
import {
  CatdQuerySchema,
  PANEL_BASE,
  PANEL_CATD_PATH,
  PANEL_COOKIE,
  PANEL_NATIONAL_PATH,
  PANEL_ORIGINAL_FILE_PATH,
  PANEL_ORIGINALS_PATH,
  PANEL_SESSION_PATH,
  PANEL_STATIONS_PATH,
  SignInRequestSchema,
} from '../shared/central-panel';
import type { CentralBlobStore } from './blob-store';
import type { CentralDb } from './db';
import { CentralOperators } from './operators';
import { originalRoutes } from './original-routes';
import { PanelData } from './panel-data';

/** Sign-in bodies are a name and a password: anything larger is not one. */
const MAX_SIGN_IN_BYTES = 4 * 1024;

/** Where the built screens are: beside the bundle (dist/central → dist/central-ui) or from the source tree. */
export function findCentralUiDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../central-ui'), path.resolve(here, '../dist/central-ui')];
  return candidates.find((c) => fs.existsSync(path.join(c, 'index.html'))) ?? candidates[1]!;
}

function cookieValue(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Same-origin only: a browser names the page's origin on every POST/DELETE and on cross-site GETs. */
function sameOrigin(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

async function readSmallBody(req: http.IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > MAX_SIGN_IN_BYTES) return undefined;
    parts.push(c);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    return undefined;
  }
}

export interface PanelRoutes {
  /** True when the request was the panel's (answered); false: not a panel path. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean>;
  operators: CentralOperators;
  close(): void;
}

export function panelRoutes(o: {
  db: CentralDb;
  blobs: CentralBlobStore;
  dataDir: string;
  now: () => Date;
  uiDir?: string;
  secure: boolean;
}): PanelRoutes {
  const operators = new CentralOperators(o.db, o.now);
  const data = new PanelData(o.db, o.dataDir, o.now);
  const originals = originalRoutes(o.db, o.blobs, o.now, () => logger());
  const uiDir = o.uiDir ?? findCentralUiDir();
  let log: Logger | null = null;
  const logger = () => (log ??= createFileLogger(path.join(o.dataDir, 'logs'), { clock: { now: o.now } }));

  const json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const reply = jsonReply(body, { ...SECURITY_HEADERS, ...headers });
    res.writeHead(status, reply.headers);
    res.end(reply.text);
  };
  const cookie = (value: string, maxAgeS: number) =>
    `${PANEL_COOKIE}=${value}; Path=${PANEL_BASE}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${o.secure ? '; Secure' : ''}`;

  const api = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const p = url.pathname;
    if (!sameOrigin(req)) return json(res, 403, { error: 'origin' });
    const token = cookieValue(req, PANEL_COOKIE);
    if (p === PANEL_SESSION_PATH && req.method === 'POST') {
      const parsed = SignInRequestSchema.safeParse(await readSmallBody(req));
      if (!parsed.success) return json(res, 400, { error: 'bad_request' });
      const out = await operators.signIn(parsed.data.operatorId, parsed.data.password);
      if (!out.ok) {
        logger().warn('central-operator-sign-in-refused', {
          operatorId: parsed.data.operatorId.slice(0, 64),
          error: out.error,
          lockedUntil: out.lockedUntil ?? null,
        });
        return json(res, out.error === 'locked' ? 423 : 401, {
          error: out.error,
          lockedUntil: out.lockedUntil,
        });
      }
      logger().info('central-operator-sign-in', { operatorId: out.session.operatorId });
      const maxAge = Math.floor((out.expiresAtMs - o.now().getTime()) / 1000);
      return json(res, 200, out.session, { 'Set-Cookie': cookie(out.token, maxAge) });
    }
    if (p === PANEL_SESSION_PATH && req.method === 'DELETE') {
      const who = await operators.session(token);
      await operators.signOut(token);
      if (who) logger().info('central-operator-sign-out', { operatorId: who.operatorId });
      return json(res, 200, { ok: true }, { 'Set-Cookie': cookie('', 0) });
    }
    const who = await operators.session(token);
    if (!who) return json(res, 401, { error: 'unauthenticated' });
    if (p === PANEL_ORIGINALS_PATH || p === PANEL_ORIGINAL_FILE_PATH)
      return originals.handle(req, res, url, who.operatorId, json, () => readSmallBody(req));
    if (req.method !== 'GET') return json(res, 405, { error: 'method' });
    if (p === PANEL_SESSION_PATH) return json(res, 200, who);
    if (p === PANEL_NATIONAL_PATH) return json(res, 200, await data.national());
    if (p === PANEL_STATIONS_PATH) return json(res, 200, await data.stations());
    if (p === PANEL_CATD_PATH) {
      const q = CatdQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!q.success) return json(res, 400, { error: 'bad_request' });
      const view = await data.catd(q.data.catd);
      return view ? json(res, 200, view) : json(res, 404, { error: 'not_found' });
    }
    return json(res, 404, { error: 'not_found' });
  };

  return {
    operators,
    async handle(req, res, url) {
      const p = url.pathname;
      if (p === '/' && req.method === 'GET') {
        res.writeHead(302, { Location: `${PANEL_BASE}/` }).end();
        return true;
      }
      if (p !== PANEL_BASE && !p.startsWith(`${PANEL_BASE}/`)) return false;
      if (p.startsWith(`${PANEL_BASE}/api/`)) {
        await api(req, res, url);
        return true;
      }
      if (req.method !== 'GET') {
        json(res, 405, { error: 'method' });
        return true;
      }
      // The screens themselves hold no data: served to anyone, they ask for a session first.
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
      serveStatic(uiDir, p.slice(PANEL_BASE.length) || '/', res);
      return true;
    },
    close: () => log?.close(),
  };
}
