// Reference central intake server: the central side of the PREP intake protocol
// (docs/intake-protocol.md) over HTTP or HTTPS. It stores what it receives durably (SQLite +
// fsynced blob files, see store.ts), authenticates every request but health by the station's
// signature (request-auth.ts), verifies manifest signatures and image hashes, and answers
// idempotently. Runs as its own process (`catd central`) so tests can kill it like a link going
// down; several processes may share one data folder (one per link, same central). Fault modes
// let tests make it misbehave the ways real links and proxies do.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { canonicalJson } from '../electron/platform/canonical-json';
import { generateKeyPair, signBytes, verifyBytes } from '../electron/platform/signing';
import {
  CHUNK_SHA_HEADER,
  IDEMPOTENCY_HEADER,
  IdempotencyKeySchema,
  INTAKE_BLOBS_PATH,
  INTAKE_HEALTH_PATH,
  INTAKE_HEARTBEAT_PATH,
  INTAKE_MANIFESTS_PATH,
  INTAKE_MISSING_PATH,
  INTAKE_PROTOCOL_VERSION,
  intakeTiming,
  MAX_CHUNK_BYTES,
  MissingRequestSchema,
  REPLAYED_HEADER,
  Sha256Schema,
  SignedHeartbeatSchema,
  SignedManifestSchema,
  type IntakeErrorCode,
  type IntakeHealth,
} from '../shared/intake';
import { CentralStore } from './store';
import { stationPublicKey } from './keys';
import { ensureTlsFiles } from './tls';
import { RequestAuthenticator } from './request-auth';
import type { PartialLimits } from './partials';
import { claimCentralPurpose, type CentralPurpose } from './purpose';
import { AcopioEvents, answerCatdRequest } from './catd-view';
import { OriginalRequests } from './originals';
import { panelRoutes } from './panel-routes';
import { jsonReply } from './json-reply';
import { transportFault, TRICKLE_BYTE_MS, type IntakeFault } from './faults';
import { askForBody } from './expect-continue';
import {
  admissionClass,
  admissionLimits,
  isManifestRequest,
  answerBusy,
  IntakeAdmission,
  type AdmissionLimits,
} from './admission';

export { INTAKE_FAULTS, TRICKLE_BYTE_MS, type IntakeFault } from './faults';

/** Largest JSON body the central reads (manifests, heartbeats, missing queries). */
export const MAX_JSON_BYTES = 256 * 1024;
/** A request body that stops arriving for this long is dropped. */
export const SERVER_REQUEST_TIMEOUT_MS = 120_000;
/**
 * An idle station's connection is kept longer than its heartbeat interval (30 s), so its next
 * heartbeat or acta reuses it: 1,500 stations reconnecting (over HTTPS: a TLS handshake each)
 * every 30 s cost the central more than the heartbeats themselves.
 */
export const SERVER_KEEP_ALIVE_MS = 45_000;

export interface IntakeServerOptions {
  ports: number[];
  host?: string;
  /** Where the central keeps its database, blobs and keys; a temporary folder if absent. */
  dataDir?: string;
  /**
   * postgres://… to keep the records in PostgreSQL (several intake nodes share it, and the data
   * folder on a shared file system for images and keys); otherwise SQLite in the data folder.
   */
  databaseUrl?: string;
  /** Serve HTTPS with the certificate in <dataDir>/tls (made with openssl on first use). */
  tls?: boolean;
  fault?: IntakeFault;
  /** Holds each manifest this long between claiming its key and committing (tests of 409). */
  commitDelayMs?: number;
  /** The central's clock runs this far ahead of the machine's (negative: behind); see setClockSkew. */
  clockSkewMs?: number;
  /** Caps and expiry of unfinished uploads (partials.ts has the defaults). */
  partialLimits?: Partial<PartialLimits>;
  /** Make the folder a training central's (only when new): see purpose.ts. */
  purpose?: CentralPurpose;
  /** How many station requests at once (admission.ts); null: no limit. Default: CATD_INTAKE_ADMIT. */
  admission?: AdmissionLimits | null;
}

export interface IntakeServer {
  /** One base URL per listening port (a simulated CATD reaches the same central by two paths). */
  urls: string[];
  dataDir: string;
  store: CentralStore;
  /** The CA file a station must trust, when serving HTTPS. */
  caFile: string | null;
  centralPublicKeyPem: string;
  setFault(fault: IntakeFault): void;
  /** Moves the central's clock (health/heartbeat `time`, receipt times) relative to the machine's. */
  setClockSkew(ms: number): void;
  /** Station requests turned away busy since start, by class (null: admission off). */
  busyAnswers(): { start: number; continue: number } | null;
  /** The start limit in force (lowered while manifests are slow), or null: admission off. */
  startLimit(): number | null;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

/** `ask`: called once the declared size is acceptable (a client waiting on Expect is asked then). */
function readBody(req: http.IncomingMessage, limit: number, ask = () => {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    ask();
    const parts: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > limit) {
        req.destroy();
        reject(new BodyTooLarge());
        return;
      }
      parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('aborted')));
  });
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function startIntakeServer(opts: IntakeServerOptions): Promise<IntakeServer> {
  const host = opts.host ?? '127.0.0.1';
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'catd-intake-'));
  let clockSkewMs = opts.clockSkewMs ?? 0;
  const now = () => new Date(Date.now() + clockSkewMs);
  if (opts.purpose) claimCentralPurpose(dataDir, opts.purpose);
  const store = await CentralStore.open(dataDir, {
    now,
    ...(opts.partialLimits ? { partialLimits: opts.partialLimits } : {}),
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  });
  // Nonces are written on every request, without waiting for each one to reach the disk
  // (db.ts `unwaited`: SQLite synchronous=NORMAL, PostgreSQL synchronous_commit=off).
  // A power cut may forget the last nonces, never corrupt the database; the receipts and blobs
  // keep their durable connection.
  const auth = new RequestAuthenticator(dataDir, store.db.unwaited, now);
  const catdCtx = { dataDir, events: new AcopioEvents(store.db, now) };
  // Partials abandoned while no intake ran go now; the rest as they age. A sweep that fails
  // (database unreachable for a moment) is simply tried again at the next tick.
  await store.partials.sweep();
  const sweeper = setInterval(
    () => void store.partials.sweep().catch(() => {}),
    store.partials.limits.sweepEveryMs,
  );
  sweeper.unref();
  const panel = panelRoutes({ db: store.db, blobs: store.blobs, dataDir, now, secure: !!opts.tls });
  const originals = new OriginalRequests(store.db, now);
  let fault: IntakeFault = opts.fault ?? 'none';
  const limits = opts.admission === undefined ? admissionLimits() : opts.admission;
  const admission = limits ? new IntakeAdmission(limits) : null;
  // Signs receipts in `badsig` mode: a valid signature by the wrong key.
  const impostor = generateKeyPair();

  // When each request's handler began: every answer says how long the node took over it
  // (Server-Timing), so a station, or a benchmark, can tell the central's time from the link's
  // and from its own delays.
  const begunAt = new WeakMap<http.ServerResponse, number>();
  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const begun = begunAt.get(res);
    const timing: Record<string, string> =
      begun === undefined ? {} : { 'Server-Timing': intakeTiming(performance.now() - begun) };
    const { text, headers: head } = jsonReply(body, { ...headers, ...timing });
    res.writeHead(status, head);
    if (fault !== 'trickle') {
      res.end(text);
      return;
    }
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= text.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(text.subarray(i, i + 1));
      i++;
    }, TRICKLE_BYTE_MS);
    res.on('close', () => clearInterval(timer));
  };
  const fail = (res: http.ServerResponse, status: number, error: IntakeErrorCode, extra: object = {}) =>
    send(res, status, { error, ...extra });

  /** The body, which must be the one the station signed (its hash is in the signed headers). */
  const signedBody = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    limit: number,
    sha: string,
  ): Promise<Buffer | null> => {
    const body = await readBody(req, limit, () => askForBody(req, res));
    return RequestAuthenticator.bodyMatches({ contentSha256: sha }, body) ? body : null;
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://intake');
    const p = url.pathname;
    if (req.method === 'GET' && p === INTAKE_HEALTH_PATH) {
      const body: IntakeHealth = {
        service: 'catd-intake',
        protocol: INTAKE_PROTOCOL_VERSION,
        status: 'ok',
        purpose: store.purpose,
        time: now().toISOString(),
      };
      send(res, 200, body);
      return;
    }
    // The central's own screens and their data: for its signed-in operators (panel-routes.ts).
    if (!p.startsWith('/v')) askForBody(req, res);
    if (await panel.handle(req, res, url)) return;
    // Everything else only for an enrolled station's fresh signature, checked before the body is read.
    const who = await auth.check(req);
    if (!who.ok) {
      // Unread body of a refused request: not worth reading to keep the connection.
      res.setHeader('Connection', 'close');
      return fail(res, who.status, who.error, who.time ? { time: who.time } : {});
    }
    // Refused before a byte of the body is read: no training image is ever written here (nor
    // a real one at a training central).
    if (who.training !== (store.purpose === 'training')) {
      res.setHeader('Connection', 'close');
      return fail(res, 403, 'purpose_mismatch');
    }
    const body = await signedBody(
      req,
      res,
      req.method === 'PUT' ? MAX_CHUNK_BYTES : MAX_JSON_BYTES,
      who.contentSha256,
    );
    if (!body) return fail(res, 400, 'body_hash_mismatch');
    const catd = await answerCatdRequest({ method: req.method ?? '', path: p, ...who, body }, catdCtx);
    if (catd) return send(res, catd.status, catd.body);
    if (req.method === 'POST' && p === INTAKE_MISSING_PATH) {
      const parsed = MissingRequestSchema.safeParse(parseJson(body));
      if (!parsed.success) return fail(res, 400, 'bad_request');
      send(res, 200, { missing: await store.missing(parsed.data.sha256) });
      return;
    }
    if (req.method === 'PUT' && p.startsWith(`${INTAKE_BLOBS_PATH}/`)) {
      const sha = p.slice(INTAKE_BLOBS_PATH.length + 1);
      const offset = Number(url.searchParams.get('offset'));
      const size = Number(url.searchParams.get('size'));
      const chunkSha = req.headers[CHUNK_SHA_HEADER];
      if (
        !Sha256Schema.safeParse(sha).success ||
        !Number.isSafeInteger(offset) ||
        !Number.isSafeInteger(size) ||
        offset < 0 ||
        typeof chunkSha !== 'string'
      )
        return fail(res, 400, 'bad_request');
      // The body already matched the signed hash: the chunk's hash is that one, not hashed again.
      if (who.contentSha256 !== chunkSha) return fail(res, 422, 'chunk_hash_mismatch');
      const out = await store.writeChunk(sha, offset, size, body, who.stationId, chunkSha);
      if (!out.ok)
        return fail(res, out.status, out.error, out.offset !== undefined ? { offset: out.offset } : {});
      send(res, 200, { offset: out.offset, complete: out.complete });
      return;
    }
    if (req.method === 'POST' && p === INTAKE_MANIFESTS_PATH) {
      const key = req.headers[IDEMPOTENCY_HEADER];
      if (typeof key !== 'string' || !IdempotencyKeySchema.safeParse(key).success)
        return fail(res, 400, 'bad_request');
      const manifest = parseJson(body);
      // A station posts its own records; another's (even validly signed) is not its to deliver.
      const named = SignedManifestSchema.safeParse(manifest);
      if (named.success && named.data.manifest.stationId !== who.stationId)
        return fail(res, 403, 'request_signature');
      const out = await store.commitManifest(key, manifest, 'link', { delayMs: opts.commitDelayMs ?? 0 });
      if (out.kind === 'refused')
        return fail(res, out.status, out.error, out.missing ? { missing: out.missing } : {});
      const replayed: Record<string, string> = out.kind === 'replayed' ? { [REPLAYED_HEADER]: 'true' } : {};
      switch (fault) {
        case 'lost-reply':
          res.socket?.destroy();
          return;
        case 'unsigned':
          return send(res, 201, { receipt: out.receipt.receipt }, replayed);
        case 'badsig':
          return send(
            res,
            201,
            {
              receipt: out.receipt.receipt,
              signature: signBytes(impostor, Buffer.from(canonicalJson(out.receipt.receipt))),
            },
            replayed,
          );
        default:
          return send(res, 201, out.receipt, replayed);
      }
    }
    if (req.method === 'POST' && p === INTAKE_HEARTBEAT_PATH) {
      const parsed = SignedHeartbeatSchema.safeParse(parseJson(body));
      if (!parsed.success) return fail(res, 400, 'bad_request');
      const hb = parsed.data.heartbeat;
      if (hb.stationId !== who.stationId) return fail(res, 403, 'request_signature');
      const pub = stationPublicKey(dataDir, hb.stationId);
      if (!pub) return fail(res, 403, 'unknown_station');
      if (!verifyBytes(pub, Buffer.from(canonicalJson(hb)), parsed.data.signature))
        return fail(res, 403, 'bad_signature');
      const refused = await store.recordHeartbeat(hb);
      if (refused) return fail(res, 409, refused);
      // The station's measured offset rides in hb.health.clock: store.stationClock() reads it back,
      // so the publication can correct that station's times.
      // Originals a central operator asked this station for (originals.ts): it uploads them as blobs.
      const owed = await originals.owedBy(hb.stationId);
      send(res, 200, { ok: true, time: now().toISOString(), ...(owed.length ? { originals: owed } : {}) });
      return;
    }
    fail(res, 404, 'not_found');
  };

  const handler: http.RequestListener = (req, res) => {
    begunAt.set(res, performance.now());
    if (fault !== 'none') askForBody(req, res);
    if (transportFault(fault, req, res, fail)) return;
    const cls = admission ? admissionClass(req) : null;
    if (admission && cls) {
      const release = admission.tryAdmit(cls);
      if (!release) return answerBusy(req, res, admission.retryAfterMs(), send);
      res.once('close', release);
      if (isManifestRequest(req)) {
        let readAt = 0;
        req.once('end', () => (readAt = performance.now()));
        res.once('finish', () => {
          if (readAt && res.statusCode < 300) admission.recordAnswer(performance.now() - readAt);
        });
      }
    }
    route(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        fail(res, 413, 'too_large');
        return;
      }
      if (res.headersSent || res.destroyed) return;
      // The request died (aborted) or the store failed: the station retries; nothing was
      // committed that a retry would not replay.
      fail(res, 503, 'unavailable');
    });
  };

  const tlsFiles = opts.tls ? ensureTlsFiles(path.join(dataDir, 'tls')) : null;
  const sockets = new Set<Socket>();
  const servers = await Promise.all(
    (opts.ports.length ? opts.ports : [0]).map(
      (port) =>
        new Promise<http.Server>((resolve, reject) => {
          const s = tlsFiles
            ? https.createServer(
                { cert: fs.readFileSync(tlsFiles.certFile), key: fs.readFileSync(tlsFiles.keyFile) },
                handler,
              )
            : http.createServer(handler);
          s.on('checkContinue', handler);
          s.requestTimeout = SERVER_REQUEST_TIMEOUT_MS;
          s.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
          s.on('connection', (sock: Socket) => {
            if (fault === 'refuse') {
              sock.destroy();
              return;
            }
            sockets.add(sock);
            sock.on('close', () => sockets.delete(sock));
          });
          s.once('error', reject);
          s.listen(port, host, () => resolve(s));
        }),
    ),
  );
  const scheme = tlsFiles ? 'https' : 'http';
  return {
    urls: servers.map((s) => `${scheme}://${host}:${(s.address() as AddressInfo).port}`),
    dataDir,
    store,
    caFile: tlsFiles?.caFile ?? null,
    centralPublicKeyPem: store.key.publicKeyPem,
    setFault: (f) => {
      fault = f;
    },
    setClockSkew: (ms) => {
      clockSkewMs = ms;
    },
    busyAnswers: () => (admission ? { ...admission.busyAnswers } : null),
    startLimit: () => admission?.startLimit ?? null,
    close: async () => {
      clearInterval(sweeper);
      panel.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
              for (const sock of sockets) sock.destroy();
            }),
        ),
      );
      await store.close();
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
