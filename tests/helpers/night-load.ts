// An election night at the central, as the stations would make it (issue 18): CATDS × STATIONS
// enrolled stations, each with its own Ed25519 key, sending ACTAS actas through the station's own
// protocol code (manifests signed by `signManifest` of the outbox, images uploaded in chunks and the
// receipt checked by `deliverOverLink`, every request signed by `RequestSigner`) and a signed
// heartbeat every `heartbeatMs`. Actas arrive on a curve like a real night: few at first, a peak
// about a third of the way in, a long tail. Each station starts on one intake URL (round-robin over
// `urls`) and moves to the next when its link fails, as the transmitter does. Image bytes are
// random and unique per page (the central stores and hashes every one), `imageBytes` each.
// What a station computes on its own machine is prepared before the night's clock starts, so the
// generator does not take the central's cores for it: the station keys, every page's bytes (written
// to the station's folder) and their hashes. Manifests are signed when the acta arrives (their
// times are the arrival's) and every request is signed when sent, as a station does.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { canonicalJson } from '../../electron/platform/canonical-json';
import { signBytes } from '../../electron/platform/signing';
import { systemClock } from '../../electron/platform/clock';
import { keyFiles, loadOrCreateStationKey, type StationKey } from '../../electron/security/station-key';
import { ClockOffsetMeter } from '../../electron/transmit/clock-offset';
import { LinkClient, type HttpResult, type RequestOptions } from '../../electron/transmit/http-client';
import { type OutboxEntry } from '../../electron/transmit/outbox';
import { signManifest } from '../../electron/transmit/manifest-sign';
import { deliverOverLink } from '../../electron/transmit/protocol';
import { RequestSigner } from '../../electron/transmit/request-signer';
import { actaKeyId } from '../../shared/acta-key';
import {
  INTAKE_HEARTBEAT_PATH,
  INTAKE_MANIFESTS_PATH,
  INTAKE_PROTOCOL_VERSION,
  intakeTimingMs,
  type AuditHead,
  type Heartbeat,
} from '../../shared/intake';
import { centralKeyFiles, enrolStation, loadOrCreateCentralKey } from '../../central/keys';
import { startProfile } from './night-stats';

export { percentile, peakRate } from './night-stats';

export interface NightConfig {
  catds: number;
  stationsPerCatd: number;
  actas: number;
  /** Wall seconds the arrival curve spans (the night, compressed). */
  spanSeconds: number;
  /** Wall milliseconds between two heartbeats of one station (30 s of the night, compressed). */
  heartbeatMs: number;
  imageBytes: number;
  pages: number;
  /** Intake nodes; a station whose link fails moves on to the next one. */
  urls: string[];
  /** Station keys and the images waiting to be sent (each removed once receipted). */
  workDir: string;
  /** The central's data folder: stations are enrolled there and its key is trusted. */
  centralDir: string;
  /** Called after every receipt with how many the night holds so far (to kill a node mid-night). */
  onReceipt?: (receipted: number) => void | Promise<void>;
  /** Seed of the station each acta goes to (the same night on every run). */
  seed?: number;
  /** Writes a V8 CPU profile of the stations' side over the night (prepared pages aside) to this file. */
  profileFile?: string;
  /**
   * Only the stations of CATDs c with c % of === index (the night split over several processes,
   * night-split.ts); every part draws the whole night's plan, so each acta has one station.
   */
  part?: { index: number; of: number };
  /** Awaited once the pages are prepared, before the night's clock starts (a part waits for the others). */
  ready?: () => Promise<void>;
}

export interface Receipted {
  actaKey: string;
  manifestSha256: string;
  receiptId: string;
}

export interface NightResult {
  /** Receipts the stations hold, by idempotency key. */
  receipts: Map<string, Receipted>;
  /** Acta keys that ended in a permanent refusal (none on a good night), with the reason. */
  refused: Array<{ actaKey: string; error: string }>;
  /** POST /v2/manifests answered 201, ms. */
  manifestMs: number[];
  /** When each of those requests started (performance.now(), this process's clock), in the same order. */
  manifestStartedAt: number[];
  /**
   * The node's own time over each of them (its Server-Timing: headers read → answer), in the same
   * order: what the station waited beyond it was the kernel's queues, the node's wait for a core
   * before it read the request, and this generator's own delays.
   */
  manifestCentralMs: number[];
  /** This process's event-loop lag over 100 ms, sampled every 100 ms: [epoch ms, lag ms] where over 50 ms. */
  lagTimeline: Array<[number, number]>;
  /** From the acta's arrival at its station to the receipt checked (queueing at the station included), ms. */
  deliveryMs: number[];
  /** Wall ms (from the night's start) of every receipt, in order. */
  receiptAtMs: number[];
  heartbeats: { sent: number; ok: number; refused: Record<string, number> };
  /** Times a station moved to another intake URL. */
  failovers: number;
  /** Attempts that failed (not busy answers), and why (the station's error key, shortened). */
  retries: number;
  retryReasons: Record<string, number>;
  /** This process's CPU from the night's start to its last receipt (the stations' work, prepared pages aside). */
  cpuSeconds: number;
  /** Times the central answered busy and the station waited as asked. */
  busy: number;
  seconds: number;
  /**
   * The generator's own event-loop delay, ms (p99 and max): 1,500 stations share one process
   * here, and a delay near the station's timeouts (2 s connect, 2.5 s answer) makes timeouts
   * that real stations, each on its own machine, would not have.
   */
  loopDelayMs: { p99: number; max: number };
}

/** Slow start, peak at about a third of the night, long tail: a Beta(2.2, 4.5) shape. */
export function arrivalOffsets(n: number, spanMs: number): number[] {
  const steps = 2000;
  const cdf = [0];
  for (let i = 1; i <= steps; i++) {
    const x = (i - 0.5) / steps;
    cdf.push(cdf[i - 1]! + x ** 1.2 * (1 - x) ** 3.5);
  }
  const total = cdf[steps]!;
  const out: number[] = [];
  let j = 0;
  for (let k = 0; k < n; k++) {
    const q = ((k + 0.5) / n) * total;
    while (cdf[j + 1]! < q) j++;
    const frac = (q - cdf[j]!) / (cdf[j + 1]! - cdf[j]!);
    out.push(((j + frac) / steps) * spanMs);
  }
  return out;
}

const ELECTIONS = ['PRES', 'SEN', 'DIP'] as const;

/** The i-th casilla acta of CATD c (one federal district): each election of each casilla. */
export function nightActaKey(c: number, i: number): string {
  const casilla = Math.floor(i / ELECTIONS.length);
  const kind = casilla % 4;
  return actaKeyId({
    year: 2024,
    election: ELECTIONS[i % ELECTIONS.length]!,
    entidad: String(1 + (c % 32)).padStart(2, '0'),
    distrito: String(1 + Math.floor(c / 32)).padStart(2, '0'),
    seccion: String(1 + Math.floor(casilla / 4)).padStart(4, '0'),
    casillaType: kind === 0 ? 'B' : 'C',
    casillaNumber: kind === 0 ? 1 : kind,
  });
}

/** A LinkClient that times the manifest post (the receipt's latency as the central sees it). */
class TimedLinkClient extends LinkClient {
  constructor(
    url: string,
    signer: RequestSigner,
    private readonly onManifest: (ms: number, startedAt: number, centralMs: number) => void,
  ) {
    super({ url, maxConcurrency: 2 }, signer);
  }
  override async request(method: string, pathAndQuery: string, opts?: RequestOptions): Promise<HttpResult> {
    const t0 = performance.now();
    const r = await super.request(method, pathAndQuery, opts);
    if (pathAndQuery === INTAKE_MANIFESTS_PATH && r.ok && r.value.status === 201)
      this.onManifest(performance.now() - t0, t0, intakeTimingMs(r.value.headers['server-timing']) ?? NaN);
    return r;
  }
}

interface PreparedImage {
  sha256: string;
  size: number;
  path: string;
}

interface NightStation {
  id: string;
  catd: number;
  dir: string;
  key: StationKey;
  clients: TimedLinkClient[];
  link: number;
  /** This station's audit chain head as its manifests and heartbeats report it. */
  seq: number;
  queue: Array<{ key: string; atMs: number; images: PreparedImage[] }>;
  delivered: number;
}

function head(st: NightStation): AuditHead {
  return { seq: st.seq, hash: createHash('sha256').update(`${st.id}:${st.seq}`).digest('hex') };
}

/** xorshift32: the same stations get the same actas on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Enrols the stations at the central (files, as `catd central enrol` does). */
export function enrolNightStations(cfg: NightConfig): NightStation[] {
  loadOrCreateCentralKey(cfg.centralDir);
  const stations: NightStation[] = [];
  for (let c = 0; c < cfg.catds; c++)
    for (let s = 0; s < cfg.stationsPerCatd; s++) {
      const id = `CATD-${String(c + 1).padStart(3, '0')}-${String(s + 1).padStart(2, '0')}`;
      const dir = path.join(cfg.workDir, id);
      const key = loadOrCreateStationKey(dir);
      enrolStation(cfg.centralDir, id, keyFiles(dir).publicFile);
      stations.push({ id, catd: c, dir, key, clients: [], link: 0, seq: 0, queue: [], delivered: 0 });
    }
  return stations;
}

export async function runNight(cfg: NightConfig): Promise<NightResult> {
  const stations = enrolNightStations(cfg);
  const centralKeyPem = fs.readFileSync(centralKeyFiles(cfg.centralDir).publicFile, 'utf8');
  const result: NightResult = {
    receipts: new Map(),
    refused: [],
    manifestMs: [],
    manifestStartedAt: [],
    manifestCentralMs: [],
    lagTimeline: [],
    deliveryMs: [],
    receiptAtMs: [],
    heartbeats: { sent: 0, ok: 0, refused: {} },
    failovers: 0,
    retries: 0,
    retryReasons: {},
    cpuSeconds: 0,
    busy: 0,
    seconds: 0,
    loopDelayMs: { p99: 0, max: 0 },
  };
  const mine = (c: number) => !cfg.part || c % cfg.part.of === cfg.part.index;
  const own = stations.filter((st) => mine(st.catd));
  stations.forEach((st, i) => {
    if (!mine(st.catd)) return;
    const signer = new RequestSigner(st.key, st.id, systemClock, new ClockOffsetMeter());
    st.clients = cfg.urls.map(
      (u) =>
        new TimedLinkClient(u, signer, (ms, at, centralMs) => {
          result.manifestMs.push(ms);
          result.manifestStartedAt.push(at);
          result.manifestCentralMs.push(centralMs);
        }),
    );
    st.link = i % cfg.urls.length;
  });

  // Each acta to a station of its CATD; CATDs share the night in proportion (one district each).
  const rand = prng(cfg.seed ?? 18);
  const offsets = arrivalOffsets(cfg.actas, cfg.spanSeconds * 1000);
  const perCatd = new Array<number>(cfg.catds).fill(0);
  for (let k = 0; k < cfg.actas; k++) {
    const c = k % cfg.catds;
    const st = stations[c * cfg.stationsPerCatd + Math.floor(rand() * cfg.stationsPerCatd)]!;
    const key = nightActaKey(c, perCatd[c]!++);
    if (!mine(c)) continue;
    // The scanned pages: on the station's disk before the night starts (a station scans them itself).
    const images = Array.from({ length: cfg.pages }, (_, p) => {
      const bytes = randomBytes(cfg.imageBytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const file = path.join(st.dir, `${key}-${p}.img`);
      fs.writeFileSync(file, bytes);
      return { sha256, size: bytes.length, path: file };
    });
    st.queue.push({ key, atMs: offsets[k]!, images });
  }

  await cfg.ready?.();
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  // When the generator lagged (the histogram above holds one sample per late timer, so a long
  // lag weighs little in it): to set beside the manifests' times.
  let lagAt = performance.now();
  const lagTimer = setInterval(() => {
    const t = performance.now();
    if (t - lagAt - 100 > 50) result.lagTimeline.push([performance.timeOrigin + t, t - lagAt - 100]);
    lagAt = t;
  }, 100);
  const profiler = cfg.profileFile ? await startProfile() : null;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const now = () => performance.now() - t0;
  let running = true;

  const deliver = async (
    st: NightStation,
    actaKey: string,
    arrivedAt: number,
    images: PreparedImage[],
  ): Promise<void> => {
    st.seq++;
    const stamp = { utc: new Date().toISOString(), offsetMinutes: -360 };
    const idempotencyKey = randomUUID();
    const signed = signManifest(
      st.key,
      idempotencyKey,
      {
        actaKey,
        record: 1,
        resolution: null,
        images,
        times: { receivedAt: stamp, scannedAt: stamp, verifiedAt: stamp },
        stationId: st.id,
        operatorId: `op${String(1 + (st.seq % 4)).padStart(2, '0')}`,
        supersedes: [],
      },
      head(st),
    );
    const entry: OutboxEntry = {
      id: st.seq,
      actaId: null,
      actaKey,
      idempotencyKey,
      signed: { manifest: signed.manifest, signature: signed.signature },
      manifestSha256: signed.manifestSha256,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      exportedAt: null,
      enqueuedAt: stamp.utc,
      images,
    };
    // Attempts as the outbox counts them: a busy answer spends none (and a first one skips asking).
    for (let attempt = 0; ; entry.attempts = ++attempt) {
      const client = st.clients[st.link]!;
      const out = await deliverOverLink(client, entry, { stationId: st.id, centralKeyPem });
      if (out.kind === 'delivered') {
        const r = out.receipt.receipt;
        result.receipts.set(idempotencyKey, {
          actaKey,
          manifestSha256: r.manifestSha256,
          receiptId: r.receiptId,
        });
        result.deliveryMs.push(now() - arrivedAt);
        result.receiptAtMs.push(now());
        st.delivered++;
        // Removed so a full night fits on disk: unlink alone (rm would lstat each file first).
        for (const img of images) void fs.promises.unlink(img.path).catch(() => {});
        await cfg.onReceipt?.(result.receipts.size);
        return;
      }
      if (out.kind === 'permanent') {
        result.refused.push({ actaKey, error: out.error });
        return;
      }
      if (out.kind === 'retry' && out.retryAfterMs !== undefined) {
        // Busy: the transmitter's rule, the wait the central asked for with a ±25 % jitter.
        result.busy++;
        await sleep(out.retryAfterMs * (0.75 + 0.5 * rand()));
        attempt--;
        continue;
      }
      result.retries++;
      const why = out.error.replace(/^transmit\.error\./, '');
      result.retryReasons[why] = (result.retryReasons[why] ?? 0) + 1;
      // The transmitter's rule: a link failure moves the acta to the next link at once.
      if (out.kind === 'link' && cfg.urls.length > 1) {
        st.link = (st.link + 1) % cfg.urls.length;
        result.failovers++;
      }
      await sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 5)));
    }
  };

  const heartbeat = async (st: NightStation): Promise<void> => {
    const link = st.link;
    const hb: Heartbeat = {
      protocol: INTAKE_PROTOCOL_VERSION,
      stationId: st.id,
      at: new Date().toISOString(),
      link: link === 0 ? 'primario' : `enlace-${link + 1}`,
      queue: { pending: st.queue.length, dead: 0, delivered: st.delivered },
      health: {},
      auditHead: head(st),
    };
    const signature = signBytes(st.key, Buffer.from(canonicalJson(hb)));
    result.heartbeats.sent++;
    const r = await st.clients[link]!.request('POST', INTAKE_HEARTBEAT_PATH, {
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ heartbeat: hb, signature })),
    });
    if (r.ok && r.value.status === 200) result.heartbeats.ok++;
    else {
      // Why, for the bench's report: the central's error code, or the link failure's kind.
      let why = r.ok ? String(r.value.status) : `${r.error.kind}:${r.error.code}`;
      if (r.ok)
        try {
          why += ` ${(JSON.parse(r.value.body.toString('utf8')) as { error?: string }).error ?? ''}`;
        } catch {
          /* not JSON */
        }
      result.heartbeats.refused[why.trim()] = (result.heartbeats.refused[why.trim()] ?? 0) + 1;
    }
    if (!r.ok && cfg.urls.length > 1 && st.link === link) {
      st.link = (link + 1) % cfg.urls.length;
      result.failovers++;
    }
  };

  const beats = own.map((st, i) => {
    // Stations were switched on over the evening: their heartbeats do not line up.
    const first = setTimeout(
      () => {
        void heartbeat(st);
        timers[i] = setInterval(() => running && void heartbeat(st), cfg.heartbeatMs);
      },
      (i / own.length) * cfg.heartbeatMs,
    );
    return first;
  });
  const timers: Array<NodeJS.Timeout | undefined> = [];

  try {
    await Promise.all(
      own.map(async (st) => {
        for (let next = st.queue.shift(); next; next = st.queue.shift()) {
          const wait = next.atMs - now();
          if (wait > 0) await sleep(wait);
          await deliver(st, next.key, next.atMs, next.images);
        }
      }),
    );
  } finally {
    running = false;
    beats.forEach((b) => clearTimeout(b));
    timers.forEach((t) => clearInterval(t));
    own.forEach((st) => st.clients.forEach((c) => c.close()));
  }
  result.seconds = now() / 1000;
  const used = process.cpuUsage(cpu0);
  result.cpuSeconds = (used.user + used.system) / 1e6;
  if (profiler && cfg.profileFile) fs.writeFileSync(cfg.profileFile, JSON.stringify(await profiler.stop()));
  loop.disable();
  clearInterval(lagTimer);
  result.loopDelayMs = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
  return result;
}
