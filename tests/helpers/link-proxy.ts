// A throttled link on loopback for benchmarks: a TCP proxy with a token bucket shared by all
// connections in each direction (rate in bytes/s) plus a fixed one-way delay.
import net from 'node:net';

class Shaper {
  private nextFree = 0;
  constructor(
    private readonly rate: number,
    private readonly delayMs: number,
  ) {}
  /** When a chunk of n bytes that arrives now leaves the far end. */
  schedule(n: number): number {
    const now = performance.now();
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + (n / this.rate) * 1000;
    return this.nextFree + this.delayMs;
  }
}

export async function startLinkProxy(
  targetPort: number,
  rateBps: number,
  oneWayDelayMs: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const up = new Shaper(rateBps, oneWayDelayMs);
  const down = new Shaper(rateBps, oneWayDelayMs);
  const sockets = new Set<net.Socket>();
  const pipe = (from: net.Socket, to: net.Socket, shaper: Shaper) => {
    // One FIFO per direction of each connection, drained by a single timer: separate timers per
    // piece could fire out of order and corrupt the stream. Reading stops while much is queued,
    // as a real pipe's window would.
    const queue: Array<{ at: number; piece: Buffer }> = [];
    let queued = 0;
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const drain = () => {
      timer = undefined;
      const now = performance.now();
      while (queue.length && queue[0]!.at <= now) {
        const { piece } = queue.shift()!;
        queued -= piece.length;
        if (!to.destroyed) to.write(piece);
      }
      if (queued <= 256 * 1024 && from.isPaused()) from.resume();
      if (queue.length) timer = setTimeout(drain, Math.max(0, queue[0]!.at - now));
      else if (ended && !to.destroyed) to.end();
    };
    from.on('data', (chunk: Buffer) => {
      for (let i = 0; i < chunk.length; i += 16 * 1024) {
        const piece = chunk.subarray(i, i + 16 * 1024);
        queue.push({ at: shaper.schedule(piece.length), piece });
        queued += piece.length;
      }
      if (queued > 256 * 1024) from.pause();
      if (!timer) timer = setTimeout(drain, Math.max(0, queue[0]!.at - performance.now()));
    });
    from.on('end', () => {
      ended = true;
      if (!timer) drain();
    });
    from.on('error', () => to.destroy());
    from.on('close', () => clearTimeout(timer));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    pipe(client, upstream, up);
    pipe(upstream, client, down);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
