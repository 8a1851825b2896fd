// Training's links: each link of a training start goes to the training central through a relay
// on loopback that a scenario's `linkDown` can cut. Cutting resets every connection and refuses
// new ones, as a dead modem does, so the link monitor, the transmitter's circuit breaker and its
// failover see exactly what they see on the night; restoring lets connections through again.
import net from 'node:net';
import { SIM_INTAKE_URL, type Config } from '../station/config';
import type { Logger } from '../platform/logger';

export class LinkRelay {
  private readonly sockets = new Set<net.Socket>();
  private down = false;

  private readonly server: net.Server;
  port = 0;

  private constructor(private readonly target: URL) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(target: URL): Promise<LinkRelay> {
    const relay = new LinkRelay(target);
    await new Promise<void>((resolve, reject) => {
      relay.server.once('error', reject);
      relay.server.listen(0, '127.0.0.1', () => resolve());
    });
    relay.port = (relay.server.address() as net.AddressInfo).port;
    return relay;
  }

  private accept(client: net.Socket): void {
    const target = this.target;
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 80), target.hostname);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined); // a reset is the point when the link is cut
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  setDown(down: boolean): void {
    this.down = down;
    if (down) for (const s of this.sockets) s.resetAndDestroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface RelayedLinks {
  /** The links as configured, each plain-HTTP one pointed at its relay. */
  links: Config['links'];
  relays: Map<string, LinkRelay>;
  close(): Promise<void>;
}

/**
 * Puts a relay in front of every plain-HTTP link (the training central of `npm start` and of the
 * tests). An HTTPS link is left direct: its certificate names the central, not 127.0.0.1, and a
 * scenario's cut of it is reported as not played.
 */
export async function relayLinks(
  links: Config['links'],
  simIntakeUrl: string | undefined,
  log: Logger,
): Promise<RelayedLinks> {
  const relays = new Map<string, LinkRelay>();
  const out: Config['links'] = [];
  for (const l of links) {
    const url = l.url === SIM_INTAKE_URL ? simIntakeUrl : l.url;
    const target = url ? new URL(url) : null;
    if (!target || target.protocol !== 'http:') {
      out.push(l);
      continue;
    }
    const relay = await LinkRelay.start(target);
    relays.set(l.name, relay);
    const base = target.pathname.replace(/\/$/, '');
    out.push({ ...l, url: `http://127.0.0.1:${relay.port}${base}` });
    log.info('training-link-relay', { link: l.name, port: relay.port });
  }
  return {
    links: out,
    relays,
    close: async () => {
      for (const r of relays.values()) await r.close();
    },
  };
}
