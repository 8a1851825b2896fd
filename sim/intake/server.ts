// Reference central intake server (the central side of the PREP transmission protocol). Runs as
// its own process (`catd intake`) so tests can stop it like a real link going down. The
// transmission issue adds image upload, signed manifests and receipts; here: its health endpoint.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTAKE_HEALTH_PATH, INTAKE_PROTOCOL_VERSION, type IntakeHealth } from '../../shared/intake';

export interface IntakeServer {
  /** One base URL per listening port (a simulated CATD reaches the same central by two paths). */
  urls: string[];
  close(): Promise<void>;
}

export async function startIntakeServer(opts: { ports: number[]; host?: string }): Promise<IntakeServer> {
  const host = opts.host ?? '127.0.0.1';
  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://intake');
    if (req.method === 'GET' && url.pathname === INTAKE_HEALTH_PATH) {
      const body: IntakeHealth = {
        service: 'catd-intake',
        protocol: INTAKE_PROTOCOL_VERSION,
        status: 'ok',
        time: new Date().toISOString(),
      };
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not_found"}');
  };
  const servers = await Promise.all(
    (opts.ports.length ? opts.ports : [0]).map(
      (port) =>
        new Promise<http.Server>((resolve, reject) => {
          const s = http.createServer(handler);
          s.once('error', reject);
          s.listen(port, host, () => resolve(s));
        }),
    ),
  );
  return {
    urls: servers.map((s) => `http://${host}:${(s.address() as AddressInfo).port}`),
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
