// Serves the built renderer. Only files under the renderer folder; anything without a file
// extension falls back to index.html (the app routes on the client).
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function serveStatic(rendererDir: string, urlPath: string, res: ServerResponse): void {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const root = path.resolve(rendererDir);
  let file = path.resolve(root, '.' + rel);
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  if (!path.extname(file) || !fs.existsSync(file)) {
    if (path.extname(file) && !file.endsWith('.html')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('No encontrado');
      return;
    }
    file = path.join(root, 'index.html');
  }
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    res
      .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      .end('La interfaz no está construida: ejecute "npm run build".');
    return;
  }
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  res.end(body);
}
