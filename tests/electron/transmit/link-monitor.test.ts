// Link probes against real sockets: the reference intake, a dead port, a captive portal, a hang.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkMonitor, probeLink } from '../../../electron/transmit/link-monitor';
import { startIntakeServer } from '../../../central/server';
import { systemClock } from '../../../electron/platform/clock';
import { createMemoryLogger } from '../../../electron/platform/logger';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function serve(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        s.close(() => r());
        s.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe('probeLink', () => {
  it('sees the reference intake as connected, with its latency', async () => {
    const intake = await startIntakeServer({ ports: [0] });
    closers.push(() => intake.close());
    const o = await probeLink(intake.urls[0]!);
    expect(o.state).toBe('connected');
    expect(o.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sees a closed port as offline', async () => {
    const url = await serve(() => {});
    await closers.pop()!();
    const o = await probeLink(url);
    expect(o.state).toBe('offline');
    expect(o.error).toMatch(/^link\.error\.unreachable/);
  });

  it('does not take a captive portal answering 200 for the intake', async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Login WiFi</h1>'),
    );
    const o = await probeLink(url);
    expect(o.state).toBe('not_intake');
  });

  it('gives up on a server that never answers', async () => {
    const url = await serve(() => {
      /* hang */
    });
    const o = await probeLink(url, 300);
    expect(o.state).toBe('offline');
    expect(o.error).toMatch(/^link\.error\.timeout/);
  });
});

describe('LinkMonitor', () => {
  it('reports a link going down when the intake stops', async () => {
    const intake = await startIntakeServer({ ports: [0] });
    const monitor = new LinkMonitor(
      [
        { name: 'primario', role: 'primary', priority: 1, url: 'sim:intake' },
        { name: 'sat', role: 'backup', priority: 2, url: 'http://127.0.0.1:1' },
      ],
      intake.urls[0],
      systemClock,
      createMemoryLogger(),
    );
    closers.push(() => monitor.stop());
    const states: string[] = [];
    monitor.onChange((links) => states.push(`${links[0]!.state}/${links[1]!.state}`));
    monitor.start();
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe('connected/offline');
    await intake.close();
    await expect.poll(() => monitor.list()[0]!.state, { timeout: 8000 }).toBe('offline');
  });

  it('shows a sim link as not configured when no simulated intake runs', async () => {
    const monitor = new LinkMonitor(
      [{ name: 'primario', role: 'primary', priority: 1, url: 'sim:intake' }],
      undefined,
      systemClock,
      createMemoryLogger(),
    );
    closers.push(() => monitor.stop());
    monitor.start();
    await expect.poll(() => monitor.list()[0]!.state).toBe('not_configured');
  });
});

describe('probes over HTTPS with the CATD private CA', () => {
  it('trusts the central only through the configured CA file', async () => {
    const intake = await startIntakeServer({ ports: [0], tls: true });
    closers.push(() => intake.close());
    const url = intake.urls[0]!;
    expect(url.startsWith('https://')).toBe(true);
    expect((await probeLink({ url, ca: intake.caFile! })).state).toBe('connected');
    const untrusted = await probeLink(url);
    expect(untrusted.state).toBe('offline');
  });
});
