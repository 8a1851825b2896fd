// Whatever answers on a link (a broken intake, a proxy, a captive portal, an impostor) is read
// by the station as a typed transmit outcome: never a throw, never a delivery without a receipt
// the central's key signed for exactly this manifest, never an upload that runs forever. A real
// HTTP server on 127.0.0.1 answers fast-check-generated bodies at each step of the protocol.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { LinkClient, MAX_ANSWER_BYTES } from '../../../electron/transmit/http-client';
import { deliverOverLink, probeOverLink } from '../../../electron/transmit/protocol';
import type { OutboxEntry } from '../../../electron/transmit/outbox';
import { canonicalJson } from '../../../electron/platform/canonical-json';
import { INTAKE_ERRORS, INTAKE_PROTOCOL_VERSION } from '../../../shared/intake';
import os from 'node:os';

const RUNS = 150;
/** One delivery against a hostile server ends within this (a live-lock would not). */
const DELIVERY_DEADLINE_MS = 8_000;
const OUTCOME_ERROR = /^transmit\.error\.[a-zA-Z_]+(:.*)?$/;
const STATION_ID = 'CATD-TEST-01';
const IMAGE_BYTES = 40_000;
const CHUNK_BYTES = 16_384;

type Stage = 'missing' | 'blob' | 'manifest';
interface Answer {
  status: number;
  body: string | Buffer;
  contentType: string;
}

const central = generateKeyPairSync('ed25519');
const impostor = generateKeyPairSync('ed25519');
const centralKeyPem = central.publicKey.export({ type: 'spki', format: 'pem' }) as string;

let server: http.Server;
let client: LinkClient;
let entry: OutboxEntry;
let dir = '';
let scenario: { stage: Stage; answer: Answer } = {
  stage: 'missing',
  answer: { status: 200, body: '', contentType: 'text/plain' },
};

function respond(res: http.ServerResponse, a: Answer) {
  res.writeHead(a.status, { 'content-type': a.contentType }).end(a.body);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-hostile-intake-'));
  const bytes = randomBytes(IMAGE_BYTES);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(dir, sha256);
  fs.writeFileSync(file, bytes);
  entry = {
    id: 1,
    actaKey: '2024-PRES-09-05-1234-B1',
    idempotencyKey: 'idem-0123456789abcdef',
    // Only the pages are read from the signed manifest here: the receipt must name the same ones.
    signed: { manifest: { images: [{ sha256, size: IMAGE_BYTES }] } } as unknown as OutboxEntry['signed'],
    manifestSha256: 'a'.repeat(64),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    exportedAt: null,
    enqueuedAt: new Date().toISOString(),
    images: [{ sha256, size: IMAGE_BYTES, path: file }] as OutboxEntry['images'],
  } as OutboxEntry;

  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '';
      const stage: Stage = url.includes('/missing')
        ? 'missing'
        : url.includes('/blobs')
          ? 'blob'
          : 'manifest';
      if (stage === scenario.stage || url.includes('/health')) return respond(res, scenario.answer);
      // Earlier steps answer as a real intake would, so the hostile answer is reached.
      if (stage === 'missing') {
        const missing = scenario.stage === 'blob' ? [{ sha256, offset: 0 }] : [];
        return respond(res, {
          status: 200,
          body: JSON.stringify({ missing }),
          contentType: 'application/json',
        });
      }
      const size =
        Number(new URL(url, 'http://x').searchParams.get('offset')) +
        Number(req.headers['content-length'] ?? 0);
      respond(res, {
        status: 200,
        body: JSON.stringify({ offset: size, complete: size >= IMAGE_BYTES }),
        contentType: 'application/json',
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  client = new LinkClient({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    maxConcurrency: 1,
  });
});
afterAll(async () => {
  client?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

const receipt = (over: Record<string, unknown> = {}) => ({
  protocol: INTAKE_PROTOCOL_VERSION,
  receiptId: 'r-1',
  idempotencyKey: entry.idempotencyKey,
  stationId: STATION_ID,
  actaKey: entry.actaKey,
  manifestSha256: entry.manifestSha256,
  images: entry.images.map((i) => ({ sha256: i.sha256, size: i.size })),
  receivedAt: new Date().toISOString(),
  via: 'link',
  ...over,
});
const signedBy = (key: typeof central, r: object) =>
  JSON.stringify({
    receipt: r,
    signature: sign(null, Buffer.from(canonicalJson(r)), key.privateKey).toString('base64'),
  });

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record({
      error: fc.oneof(fc.constantFrom(...INTAKE_ERRORS), fc.string()),
      offset: fc.oneof(fc.integer(), fc.double(), fc.string()),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .record({
      offset: fc.oneof(fc.integer({ min: -5, max: IMAGE_BYTES * 2 }), fc.constant(0)),
      complete: fc.boolean(),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .record({
      missing: fc.array(
        fc.record({
          sha256: fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{64}$/)),
          offset: fc.integer(),
        }),
        { maxLength: 3 },
      ),
    })
    .map((v) => JSON.stringify(v)),
  // A receipt the central signed for another manifest, key, acta or station is not this acta's
  // receipt. (Its receiptId is the central's own choice: any id on an otherwise matching receipt is
  // a genuine delivery, so it is not among the fields altered here.)
  fc.constantFrom('idempotencyKey', 'actaKey', 'manifestSha256', 'stationId').map((f) =>
    signedBy(
      central,
      receipt({
        [f]:
          f === 'actaKey'
            ? '2024-PRES-09-05-9999-B1'
            : f === 'stationId'
              ? 'OTHER-1'
              : f === 'manifestSha256'
                ? 'b'.repeat(64)
                : 'x'.repeat(20),
      }),
    ),
  ),
  fc.constant(null).map(() => signedBy(impostor, receipt())),
  fc.string({ maxLength: 80 }).map((s) => JSON.stringify({ receipt: receipt(), signature: s || 'x' })),
);
const anyBody = fc.oneof(
  jsonBody,
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.constant('<html><body>Inicie sesión en la red del hotel</body></html>'),
  fc
    .integer({ min: MAX_ANSWER_BYTES + 1, max: MAX_ANSWER_BYTES * 3 })
    .map((n) => `{"missing":[${'0,'.repeat(n / 2)}0]}`),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
);
const answer: fc.Arbitrary<Answer> = fc.record({
  status: fc.constantFrom(200, 201, 204, 301, 400, 401, 404, 409, 413, 418, 500, 502, 503),
  body: anyBody,
  contentType: fc.constantFrom('application/json', 'text/html', 'application/octet-stream'),
});

describe('station reading hostile intake answers', () => {
  it('every answer at every step is a typed outcome, never a delivery without a good receipt', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Stage>('missing', 'blob', 'manifest'), answer, async (stage, a) => {
        scenario = { stage, answer: a };
        const started = Date.now();
        const out = await deliverOverLink(client, entry, {
          stationId: STATION_ID,
          centralKeyPem,
          chunkBytes: CHUNK_BYTES,
        });
        expect(Date.now() - started).toBeLessThan(DELIVERY_DEADLINE_MS);
        expect(out.kind).not.toBe('delivered');
        if (out.kind !== 'delivered') expect(out.error).toMatch(OUTCOME_ERROR);
        const p = await probeOverLink(client);
        if (!p.ok) expect(p.error).toMatch(OUTCOME_ERROR);
      }),
      { numRuns: RUNS },
    );
  });

  it('the genuine receipt, signed by the central for this manifest, is a delivery', async () => {
    scenario = {
      stage: 'manifest',
      answer: { status: 201, body: signedBy(central, receipt()), contentType: 'application/json' },
    };
    const out = await deliverOverLink(client, entry, {
      stationId: STATION_ID,
      centralKeyPem,
      chunkBytes: CHUNK_BYTES,
    });
    expect(out.kind).toBe('delivered');
  });

  it('a server that never lets an upload finish (same offset, never complete) is refused, not followed forever', async () => {
    scenario = {
      stage: 'blob',
      answer: {
        status: 200,
        body: JSON.stringify({ offset: 0, complete: false }),
        contentType: 'application/json',
      },
    };
    const out = await deliverOverLink(client, entry, {
      stationId: STATION_ID,
      centralKeyPem,
      chunkBytes: CHUNK_BYTES,
    });
    expect(out).toEqual({ kind: 'link', error: 'transmit.error.notIntake:200' });
  });

  it('a resume offset outside the image (negative, past its end) is refused, not read from the file', async () => {
    for (const offset of [-5, IMAGE_BYTES + 1]) {
      scenario = {
        stage: 'blob',
        answer: {
          status: 409,
          body: JSON.stringify({ error: 'offset_mismatch', offset }),
          contentType: 'application/json',
        },
      };
      const out = await deliverOverLink(client, entry, {
        stationId: STATION_ID,
        centralKeyPem,
        chunkBytes: CHUNK_BYTES,
      });
      expect(out.kind).not.toBe('delivered');
      if (out.kind !== 'delivered') expect(out.error).toMatch(OUTCOME_ERROR);
    }
  });
});
