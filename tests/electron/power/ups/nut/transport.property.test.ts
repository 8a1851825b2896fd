// Whatever answers on the upsd port, the NUT client ends each poll with a typed result: a real
// TCP server on 127.0.0.1 answers LIST VAR with generated garbage, and one floods short lines
// (each under the partial-line cap) to check that a whole reply is bounded too.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { NUT_MAX_REPLY_BYTES, NutTransport } from '../../../../../electron/power/ups/nut/transport';

const RUNS = 30;
const REPLY_TIMEOUT_MS = 200;
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await new Promise((r) => s.close(r));
  }
});

/** A fake upsd that answers every command with `answer(socket)`. */
async function fakeUpsd(answer: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (d) => {
      if (d.toString().startsWith('LIST VAR') || d.toString().startsWith('GET VAR')) answer(socket);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

const garbage = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'BEGIN LIST VAR ups',
          'END LIST VAR ups',
          'ERR UNKNOWN-UPS',
          'ERR',
          'VAR ups ups.status "OL',
        ),
        fc.string({ unit: 'binary', maxLength: 60 }),
      ),
      { maxLength: 30 },
    )
    .map((l) => Buffer.from(l.join('\n') + '\n')),
);

describe('NUT client against a hostile upsd', () => {
  it('any answer is a typed poll result, never a throw', async () => {
    let next = Buffer.alloc(0);
    const port = await fakeUpsd((s) => s.write(next));
    const t = new NutTransport({ host: '127.0.0.1', port, ups: 'ups', replyTimeoutMs: REPLY_TIMEOUT_MS });
    try {
      await fc.assert(
        fc.asyncProperty(garbage, async (bytes) => {
          next = bytes;
          if (!(await t.connect()).ok) throw new Error('fake upsd unreachable');
          const r = await t.poll();
          if (!r.ok) expect(r.error.messageKey).toMatch(/^ups\.error\.[a-zA-Z]+$/);
          // The reconnect itself must hold: the previous socket closing late is not this link lost.
          if (!r.ok) expect(r.error.detail).not.toBe('connection closed');
        }),
        { numRuns: RUNS },
      );
    } finally {
      await t.close();
    }
  });

  it('a flood of short lines is cut off as a lost link, not collected without limit', async () => {
    const line = Buffer.from('VAR ups ups.x "' + 'y'.repeat(100) + '"\n');
    const chunk = Buffer.concat(Array(1_000).fill(line));
    const port = await fakeUpsd((s) => {
      const pump = () => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    const t = new NutTransport({ host: '127.0.0.1', port, ups: 'ups', replyTimeoutMs: 2_000 });
    expect((await t.connect()).ok).toBe(true);
    const started = Date.now();
    const r = await t.poll();
    await t.close();
    // Cut at the reply cap, well before the reply timeout: the lines were not all kept.
    expect(r).toMatchObject({
      ok: false,
      error: { messageKey: 'ups.error.nutConnectionLost', detail: 'reply too large' },
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(NUT_MAX_REPLY_BYTES).toBeLessThan(chunk.length * 100);
  });
});
