// HTTP(S) to one link, with a deadline on every phase: connecting (TCP + TLS), waiting for the
// answer's headers, and silence in either direction. fetch() cannot take a private CA, a local
// address to bind or a pinned key without extra packages, and hides the phases; node:http does not.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import { checkServerIdentity } from 'node:tls';
import { err, ok, type Result } from '../platform/result';
import { sha256Hex } from '../platform/hash';
import { IntakeErrorSchema } from '../../shared/intake';
import { startExchange } from './clock-offset';
import type { RequestSigner } from './request-signer';

/** TCP connect plus TLS handshake. */
export const CONNECT_TIMEOUT_MS = 2_000;
/** From the last byte of the request to the first line of the answer. */
export const HEADERS_TIMEOUT_MS = 2_500;
/** No byte moved either way for this long while sending or receiving a body. */
export const IDLE_BODY_TIMEOUT_MS = 2_500;
/**
 * The slowest link still treated as alive (bytes per second). Once a request body is handed to the
 * operating system it may sit in kernel buffers on a slow link: the wait for headers grows by the
 * time such a link needs to carry the body.
 */
export const MIN_LINK_RATE_BPS = 128 * 1024;
/** A whole JSON answer must arrive within this once its headers did (a trickling proxy is dead). */
export const ANSWER_DEADLINE_MS = 5_000;
/** Largest answer read from the central (receipts and error bodies are small). */
export const MAX_ANSWER_BYTES = 256 * 1024;
/**
 * A body this large (a page, a chunk of one) is sent only once the central says it wants it
 * (Expect: 100-continue): a node that turns the request away (busy at the night's peak, about one
 * busy answer per acta let in; a refused signature) answers before the page crosses the CATD's
 * link instead of after. Smaller bodies go at once: waiting a round trip would cost more than they do.
 */
export const EXPECT_CONTINUE_MIN_BYTES = 64 * 1024;
/** A server or proxy that ignores Expect gets the body after this long anyway. */
export const CONTINUE_WAIT_MS = 1_000;

export interface LinkEndpoint {
  url: string;
  /** PEM file of the CA that signed the intake's certificate (instead of the system store). */
  ca?: string | undefined;
  /** SHA-256 (hex) of the intake certificate's public key (SPKI DER); any other key is refused. */
  pinSha256?: string | undefined;
  /** Local address to bind, so this link leaves by its own interface. */
  localAddress?: string | undefined;
  maxConcurrency: number;
}

export type HttpFailureKind = 'connect' | 'timeout' | 'reset' | 'tls' | 'too_large' | 'aborted';
export interface HttpFailure {
  kind: HttpFailureKind;
  code: string;
}

/** Any answer, whatever its status: what a status means is the protocol's business. */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type HttpResult = Result<HttpAnswer, HttpFailure>;

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer;
  /** Overall cap (probes use it). */
  deadlineMs?: number;
  signal?: AbortSignal;
}

function spkiSha256(cert: PeerCertificate): string | null {
  try {
    const der = new X509Certificate(cert.raw).publicKey.export({ type: 'spki', format: 'der' });
    return sha256Hex(der);
  } catch {
    return null;
  }
}

function staleRequestTime(body: Buffer): string | null {
  try {
    const e = IntakeErrorSchema.safeParse(JSON.parse(body.toString('utf8')));
    return e.success && e.data.error === 'stale_request' ? (e.data.time ?? null) : null;
  } catch {
    return null;
  }
}

/** A phase's deadline; `clear` when the phase is over. */
export interface Deadline {
  clear(): void;
}

/**
 * A deadline judged after the I/O already waiting has been read. When this thread is held past a
 * deadline in an I/O callback (a long synchronous stretch, a collection pause, a machine short of
 * CPU), Node runs the expired timers before it polls the sockets again: an answer already in the
 * kernel's buffer would be thrown away as late, and the request sent again, adding work at the
 * very moment the machine is short of it (on the night bench's 2 cores that loop tipped whole runs
 * into 3-second answers). So the expiry waits for the next poll (setImmediate runs after it) and
 * is dropped if the deadline was cleared meanwhile (the phase it guards ended).
 */
export function afterWaitingIo(ms: number, expire: () => void): Deadline {
  let live = true;
  const timer = setTimeout(() => setImmediate(() => live && expire()), ms);
  return {
    clear() {
      live = false;
      clearTimeout(timer);
    },
  };
}

export class LinkClient {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly secure: boolean;
  private readonly aborters = new Set<AbortController>();

  /** `signer`: signs every request with the station key (the central refuses unsigned ones). */
  constructor(
    private readonly endpoint: LinkEndpoint,
    private readonly signer?: RequestSigner,
  ) {
    this.base = new URL(endpoint.url);
    this.secure = this.base.protocol === 'https:';
    const common = { keepAlive: true, maxSockets: endpoint.maxConcurrency + 2 };
    this.agent = this.secure
      ? new https.Agent({
          ...common,
          ...(endpoint.ca ? { ca: fs.readFileSync(endpoint.ca) } : {}),
          ...(endpoint.pinSha256
            ? {
                checkServerIdentity: (host: string, cert: PeerCertificate) => {
                  const err = checkServerIdentity(host, cert);
                  if (err) return err;
                  if (spkiSha256(cert) !== endpoint.pinSha256?.toLowerCase())
                    return new Error('transmit.error.pinMismatch');
                  return undefined;
                },
              }
            : {}),
        })
      : new http.Agent(common);
  }

  /** Ends every request in progress on this link (its circuit just opened). */
  abortAll(): void {
    for (const a of this.aborters) a.abort();
  }

  close(): void {
    this.abortAll();
    this.agent.destroy();
  }

  async request(method: string, pathAndQuery: string, opts: RequestOptions = {}): Promise<HttpResult> {
    const exchange = this.signer ? startExchange(this.signer.clock) : null;
    const first = await this.attempt(method, pathAndQuery, opts);
    // Our timestamp was outside the central's window (this clock jumped, or was never measured):
    // the refusal brings the central's time; measure the offset from it and sign again, once.
    if (exchange && first.ok && first.value.status === 401) {
      const time = staleRequestTime(first.value.body);
      if (time !== null && this.signer!.resync(exchange(), time, this.endpoint.url))
        return this.attempt(method, pathAndQuery, opts);
    }
    return first;
  }

  private async attempt(method: string, pathAndQuery: string, opts: RequestOptions): Promise<HttpResult> {
    const first = await this.once(method, pathAndQuery, opts);
    // A kept-alive socket the server closed meanwhile fails at once on reuse: that is not the
    // link failing; every request of this protocol is safe to repeat.
    if (!first.result.ok && first.reused && first.result.error.kind === 'reset')
      return (await this.once(method, pathAndQuery, opts)).result;
    return first.result;
  }

  private once(
    method: string,
    pathAndQuery: string,
    opts: RequestOptions,
  ): Promise<{ result: HttpResult; reused: boolean }> {
    const url = new URL(pathAndQuery, this.base);
    const ac = new AbortController();
    this.aborters.add(ac);
    const onOuterAbort = () => ac.abort();
    opts.signal?.addEventListener('abort', onOuterAbort);
    return new Promise((resolve) => {
      const timers: Deadline[] = [];
      let done = false;
      let reused = false;
      // Bumped whenever the exchange moves on: an idle timeout that fired is void if it moved since.
      let moved = 0;
      const due = (ms: number, expire: () => void): Deadline => {
        const d = afterWaitingIo(ms, () => !done && expire());
        timers.push(d);
        return d;
      };
      const idle = () => {
        const seen = moved;
        setImmediate(() => {
          if (!done && moved === seen) failWith('timeout', 'idle');
        });
      };
      const finish = (result: HttpResult) => {
        if (done) return;
        done = true;
        for (const d of timers.splice(0)) d.clear();
        this.aborters.delete(ac);
        opts.signal?.removeEventListener('abort', onOuterAbort);
        resolve({ result, reused });
      };
      const failWith = (kind: HttpFailureKind, code: string) => {
        finish(err({ kind, code }));
        req.destroy();
      };
      const body = opts.body;
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...opts.headers,
        ...this.signer?.headers(method, url.pathname + url.search, body),
      };
      if (body) headers['content-length'] = String(body.length);
      const askFirst = body !== undefined && body.length >= EXPECT_CONTINUE_MIN_BYTES;
      if (askFirst) headers.expect = '100-continue';
      let bodySent = !askFirst;
      const mod = this.secure ? https : http;
      const req = mod.request(url, {
        method,
        agent: this.agent,
        headers,
        signal: ac.signal,
        ...(this.endpoint.localAddress ? { localAddress: this.endpoint.localAddress } : {}),
      });
      if (opts.deadlineMs) due(opts.deadlineMs, () => failWith('timeout', 'deadline'));
      req.on('socket', (socket) => {
        reused = req.reusedSocket;
        if (reused) return;
        const d = due(CONNECT_TIMEOUT_MS, () => failWith('timeout', 'connect'));
        socket.once(this.secure ? 'secureConnect' : 'connect', () => d.clear());
      });
      req.setTimeout(IDLE_BODY_TIMEOUT_MS, idle);
      req.on('finish', () => {
        moved++;
        // The body is with the kernel now: socket silence is expected while it drains on a slow link.
        req.setTimeout(0);
        const wait = HEADERS_TIMEOUT_MS + Math.ceil(((body?.length ?? 0) / MIN_LINK_RATE_BPS) * 1000);
        due(wait, () => failWith('timeout', 'headers'));
      });
      req.on('response', (res) => {
        moved++;
        // Answered before the body was asked for (refused, busy): it is never sent, and this
        // connection, left mid-request, is closed once the answer is read.
        const answeredFirst = !bodySent;
        bodySent = true;
        for (const d of timers.splice(0)) d.clear();
        if (opts.deadlineMs) due(opts.deadlineMs, () => failWith('timeout', 'deadline'));
        due(ANSWER_DEADLINE_MS, () => failWith('timeout', 'answer'));
        res.setTimeout(IDLE_BODY_TIMEOUT_MS, idle);
        const parts: Buffer[] = [];
        let n = 0;
        res.on('data', (c: Buffer) => {
          moved++;
          n += c.length;
          if (n > MAX_ANSWER_BYTES) return failWith('too_large', 'answer');
          parts.push(c);
        });
        res.on('end', () => {
          finish(ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
          if (answeredFirst) req.destroy();
        });
        res.on('error', (err: NodeJS.ErrnoException) => failWith('reset', err.code ?? 'ERR'));
        res.on('aborted', () => failWith('reset', 'aborted'));
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (ac.signal.aborted) return failWith('aborted', 'aborted');
        const code = err.code ?? err.name;
        if (
          code === 'ECONNREFUSED' ||
          code === 'EHOSTUNREACH' ||
          code === 'ENETUNREACH' ||
          code === 'EADDRNOTAVAIL'
        )
          return failWith('connect', code);
        if (/CERT|SSL|TLS|VERIFY|SIGNATURE/.test(code) || err.message === 'transmit.error.pinMismatch')
          return failWith('tls', code);
        failWith('reset', code);
      });
      const sendBody = () => {
        if (bodySent) return;
        bodySent = true;
        req.end(body);
      };
      if (askFirst) {
        req.on('continue', sendBody);
        due(CONTINUE_WAIT_MS, sendBody);
        req.flushHeaders();
      } else req.end(body);
    });
  }
}
