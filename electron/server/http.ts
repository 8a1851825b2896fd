// The core's HTTP host on 127.0.0.1: launch-token exchange, session cookie check, Host/Origin
// checks, security headers, the built renderer and tRPC. Nothing but /auth and /healthz is
// answered without a valid session cookie: a request without one gets 401, never data.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from './router';
import { SECURITY_HEADERS, hostAllowed, originAllowed } from '../platform/security-headers';
import { serveStatic } from '../platform/static-files';
import { serveGuide } from './guides';
import { serveReport } from './report-page';
import { serveTrainingReport, TRAINING_REPORT_PATH } from './training-report';
import { actingSupervisor } from '../security/elevation';
import type { SessionRegistry } from '../security/sessions';
import type { CoreServices } from './services';
import { AUTH_PATH, RPC_BASE_PATH, SESSION_COOKIE } from '../../shared/rpc';

/** Largest body the core accepts from the renderer (a login form, a command). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface CoreHttpServer {
  port: number;
  origin: string;
  close(): Promise<void>;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function page(res: http.ServerResponse, status: number, title: string, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    `<!doctype html><html lang="es-MX"><meta charset="utf-8"><title>${title}</title>` +
      `<body style="font:20px system-ui;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`,
  );
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/** Page images: /media/preview/<sha256> (the screen's copy) or /media/original/<sha256>. */
const MEDIA_PATH = /^\/media\/(preview|original)\/([0-9a-f]{64})$/;
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

/**
 * Serves a page image only when the workflow knows a page with that hash: the path is built from
 * the validated hash, never taken from the request.
 */
function serveMedia(services: CoreServices, pathname: string, res: http.ServerResponse): void {
  const m = MEDIA_PATH.exec(pathname);
  const row = m ? services.workflow.pageMedia(m[2]!) : undefined;
  if (!m || !row) {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end();
    return;
  }
  const sha256 = m[2]!;
  // The pipeline writes previews next to the blobs folder (<dataDir>/previews/<sha>.preview.webp).
  const file =
    m[1] === 'original'
      ? services.blobs.pathFor(sha256)
      : row.preview === `${sha256}.preview.webp` || row.preview === `${sha256}.preview.jpg`
        ? path.join(path.dirname(services.blobs.dir), 'previews', row.preview)
        : null;
  const type =
    m[1] === 'original'
      ? IMAGE_TYPES[row.format.toLowerCase()]
      : IMAGE_TYPES[path.extname(file ?? '').slice(1)];
  if (!file || !type) {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end();
    return;
  }
  const stream = fs.createReadStream(file);
  stream.once('open', () => {
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    stream.pipe(res);
  });
  stream.once('error', () => {
    if (!res.headersSent) res.writeHead(404, { 'Cache-Control': 'no-store' });
    res.end();
  });
}

export async function startHttpServer(opts: {
  port: number;
  rendererDir: string;
  sessions: SessionRegistry;
  services: CoreServices;
}): Promise<CoreHttpServer> {
  const { sessions, services } = opts;
  let port = opts.port;

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: `${RPC_BASE_PATH}/`,
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req }) => {
      const session = sessions.get(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
      // The HTTP layer already refused requests without a session; this is belt and braces.
      if (!session) throw new Error('session vanished between checks');
      return { session, services };
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        services.log.error('rpc-error', { path, message: error.message, stack: error.stack });
      }
    },
  });

  const exchange = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    let token = url.searchParams.get('token');
    if (req.method === 'POST') {
      const body = await readBody(req, 4096);
      token = body === null ? null : new URLSearchParams(body).get('token');
    }
    const session = token ? sessions.exchange(token) : null;
    if (!session) {
      services.log.warn('auth-token-refused', { method: req.method });
      page(
        res,
        401,
        'Enlace de acceso inválido',
        'Este enlace ya se usó o expiró. Reinicie la estación o use el enlace nuevo que imprimió la terminal (línea «UI:»).',
      );
      return;
    }
    services.log.info('auth-session-created');
    res.writeHead(303, {
      'Set-Cookie': `${SESSION_COOKIE}=${session.id}; HttpOnly; SameSite=Strict; Path=/`,
      Location: '/',
      'Cache-Control': 'no-store',
    });
    res.end();
  };

  const server = http.createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port)) {
      services.log.warn('request-foreign-origin', { host: req.headers.host, origin: req.headers.origin });
      res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"error":"origin_not_allowed"}');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/healthz') {
      res
        .writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        .end('{"ok":true}');
      return;
    }
    if (url.pathname === AUTH_PATH) {
      void exchange(req, res, url);
      return;
    }
    const session = sessions.get(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    if (!session) {
      if (url.pathname.startsWith(`${RPC_BASE_PATH}/`)) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"session_required"}');
      } else {
        page(
          res,
          401,
          'Sesión requerida',
          'Abra la estación con el enlace que imprimió la terminal (línea «UI:»). Esta dirección sola no da acceso.',
        );
      }
      return;
    }
    if (url.pathname.startsWith(`${RPC_BASE_PATH}/`)) {
      res.setHeader('Cache-Control', 'no-store');
      trpc(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      // Images of actas are for a logged-in operator, not just any window with a cookie.
      if (!session.operator) res.writeHead(401, { 'Cache-Control': 'no-store' }).end();
      else serveMedia(services, url.pathname, res);
      return;
    }
    if (url.pathname === '/informe' || url.pathname === '/informe.csv' || url.pathname === '/informe.css') {
      serveReport(services, session, url.pathname, res);
      return;
    }
    if (url.pathname.startsWith(TRAINING_REPORT_PATH)) {
      // The trainer's report: a supervisor (signed in, or elevated at this screen for the console).
      if (!actingSupervisor(session, services.clock.monotonicMs(), () => undefined))
        res.writeHead(403, { 'Cache-Control': 'no-store' }).end();
      else serveTrainingReport(services, url.pathname, res);
      return;
    }
    if (url.pathname.startsWith('/guias/')) {
      serveGuide(opts.rendererDir, url.pathname.slice('/guias/'.length), res);
      return;
    }
    serveStatic(opts.rendererDir, url.pathname, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
