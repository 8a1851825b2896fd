// A station whose thread is held past a deadline (a long synchronous stretch, a machine short of
// CPU) must not throw away an answer that arrived meanwhile: after an I/O callback Node runs the
// expired timers before it polls the sockets again, and the link client judges its deadlines after
// the waiting I/O (http-client.ts afterWaitingIo). The server runs in a worker thread, so it
// answers on time while this thread is held; a server that really answers late is still a timeout.
// The first test fails without afterWaitingIo (checked: timeout:headers).
import { Worker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS, LinkClient } from '../../../electron/transmit/http-client';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * An HTTP server on its own thread: answers `delayMs` after a request arrived, and tells this
 * thread, which runs `onArrived` in that message's callback (an I/O callback, as a station's work
 * mostly is: after it Node runs the timers that expired before it polls the sockets again).
 */
async function serverThread(delayMs: number, onArrived: () => void = () => {}): Promise<string> {
  const worker = new Worker(
    `const http = require('node:http');
     const { parentPort, workerData } = require('node:worker_threads');
     const server = http.createServer((req, res) => {
       req.resume();
       req.on('end', () => {
         parentPort.postMessage('arrived');
         setTimeout(() => res.end('{"ok":true}'), workerData);
       });
     });
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
    { eval: true, workerData: delayMs },
  );
  cleanups.push(() => worker.terminate());
  const port = await new Promise<number>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m) => {
      if (m === 'arrived') onArrived();
      else resolve(m as number);
    });
  });
  return `http://127.0.0.1:${port}`;
}

/** Holds this thread, as a long synchronous stretch would. */
function holdThread(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

it('an answer that arrived while the station was held past its deadline is read, not timed out', async () => {
  // The answer comes 100 ms after the request while this thread is held well past the 2.5 s wait
  // for headers: when it runs again, the headers' timer has expired and the answer is waiting.
  const url = await serverThread(100, () => holdThread(HEADERS_TIMEOUT_MS + 700));
  const client = new LinkClient({ url, maxConcurrency: 1 });
  cleanups.push(() => client.close());
  const r = await client.request('POST', '/x', { body: Buffer.from('{}') });
  expect(r.ok ? r.value.status : r.error).toBe(200);
  if (r.ok) expect(r.value.body.toString()).toBe('{"ok":true}');
});

it('a server that really answers late is still a timeout (the wait for headers)', async () => {
  const url = await serverThread(HEADERS_TIMEOUT_MS + 1_500);
  const client = new LinkClient({ url, maxConcurrency: 1 });
  cleanups.push(() => client.close());
  const t0 = Date.now();
  const r = await client.request('POST', '/x', { body: Buffer.from('{}') });
  expect(r.ok ? r.value.status : r.error).toEqual({ kind: 'timeout', code: 'headers' });
  expect(Date.now() - t0).toBeLessThan(HEADERS_TIMEOUT_MS + 1_000);
});

it('an overall deadline passed while the thread was held still ends a request with no answer', async () => {
  const url = await serverThread(60_000, () => holdThread(600));
  const client = new LinkClient({ url, maxConcurrency: 1 });
  cleanups.push(() => client.close());
  const r = await client.request('POST', '/x', { body: Buffer.from('{}'), deadlineMs: 300 });
  expect(r.ok ? r.value.status : r.error).toEqual({ kind: 'timeout', code: 'deadline' });
});
