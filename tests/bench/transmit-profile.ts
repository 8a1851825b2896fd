// Bytes on the wire with a transmission profile: `npx tsx tests/bench/transmit-profile.ts`
// (`npm run bench -- profile`). Simulated 300-dpi grey acta pages stored as the scanner stores
// them (PNG) are derived as the station derives them (grey JPEG and WebP at the profile's quality,
// each copy judged by the real quality gate, which must pass it with the same QR key), then each
// acta is delivered by the station's protocol code to a real central process through a throttled
// link (1 MiB/s each way, 40 ms one way). Printed: bytes per page, the station's derivation time
// per page, and time per acta on the link, each profile against the PNG original in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { QualityGate, useAllCoresForSharp } from '../../electron/capture/quality';
import { createMemoryLogger } from '../../electron/platform/logger';
import { TransmitProfileSchema } from '../../electron/transmit/config';
import { LinkClient } from '../../electron/transmit/http-client';
import { deliverOverLink } from '../../electron/transmit/protocol';
import { TransmissionCopies, type TravellingPage } from '../../electron/transmit/transmission-copies';
import { actaKeyId } from '../../shared/acta-key';
import { encodePage, renderActaPage } from '../../sim/acta/page';
import { actaKeyFor, openStationSide, spawnIntake, STATION_ID } from '../electron/transmit/fixtures';
import { startLinkProxy } from '../helpers/link-proxy';
import { sha256Hex } from '../../electron/platform/hash';

const PAGES = Number(process.env.BENCH_PAGES ?? 3);
const QUALITY = Number(process.env.BENCH_QUALITY ?? 60);
const RATE_BPS = Number(process.env.BENCH_RATE_BPS ?? 1024 * 1024);
const ONE_WAY_DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 40);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const stamp = () => ({ utc: new Date().toISOString(), offsetMinutes: -360 });

interface Profile {
  name: string;
  pages: TravellingPage[];
  deriveMs: number[];
  fallbacks: number;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-bench-profile-'));
useAllCoresForSharp();
const gate = new QualityGate();
try {
  console.log(
    `CPU: ${os.cpus()[0]?.model} × ${os.availableParallelism()} · Node ${process.version} · sharp ${sharp.versions.sharp}`,
  );
  console.log(
    `${PAGES} simulated 300-dpi grey acta pages · quality ${QUALITY} · link ${(RATE_BPS / 1024 / 1024).toFixed(2)} MiB/s each way, ${ONE_WAY_DELAY_MS} ms one way`,
  );
  // The scans, as the capture pipeline stores them: PNG files named by their SHA-256.
  const scansDir = path.join(tmp, 'scans');
  fs.mkdirSync(scansDir);
  const scans: Array<{ sha256: string; size: number; path: string; keyId: string }> = [];
  for (let i = 0; i < PAGES; i++) {
    const rendered = await renderActaPage({ seed: 100 + i, colour: 'grey' });
    const png = await encodePage(rendered.page, 'png');
    const file = path.join(scansDir, sha256Hex(png));
    fs.writeFileSync(file, png);
    scans.push({ sha256: sha256Hex(png), size: png.length, path: file, keyId: actaKeyId(rendered.key) });
  }
  await gate.inspect(fs.readFileSync(scans[0]!.path)); // start the workers

  const profiles: Profile[] = [{ name: 'original PNG', pages: scans, deriveMs: [], fallbacks: 0 }];
  for (const format of ['grey-jpeg', 'grey-webp'] as const) {
    const log = createMemoryLogger();
    const copies = new TransmissionCopies(
      path.join(tmp, format),
      TransmitProfileSchema.parse({ format, quality: QUALITY }),
      gate,
      log,
    );
    const p: Profile = { name: `${format} q${QUALITY}`, pages: [], deriveMs: [], fallbacks: 0 };
    for (const s of scans) {
      const t0 = performance.now();
      await copies.derive(s.keyId, [s]);
      p.deriveMs.push(performance.now() - t0);
      p.pages.push(...copies.travelling([s])!);
    }
    p.fallbacks = log.lines.filter((l) => l.event === 'transmit-copy-fallback').length;
    profiles.push(p);
  }

  // One acta per page, one profile after the other, over the throttled link to a real central.
  const centralDir = path.join(tmp, 'central');
  const central = await spawnIntake(centralDir);
  const station = openStationSide(path.join(tmp, 'station'), centralDir);
  const proxy = await startLinkProxy(Number(new URL(central.url).port), RATE_BPS, ONE_WAY_DELAY_MS);
  const client = new LinkClient({ url: `http://127.0.0.1:${proxy.port}`, maxConcurrency: 1 }, station.signer);
  const perActa = new Map<string, number[]>();
  let n = 0;
  try {
    for (const p of profiles) {
      const times: number[] = [];
      for (const page of p.pages) {
        const r = station.outbox.enqueue({
          actaKey: actaKeyFor(5000 + n++),
          images: [page],
          times: { receivedAt: stamp(), scannedAt: stamp(), verifiedAt: stamp() },
          stationId: STATION_ID,
          operatorId: 'op01',
        });
        if (!r.ok) throw new Error(r.error.detail);
        const t0 = performance.now();
        const out = await deliverOverLink(client, r.value, {
          stationId: STATION_ID,
          centralKeyPem: station.centralKeyPem,
        });
        if (out.kind !== 'delivered') throw new Error(`${p.name}: ${out.error}`);
        times.push(performance.now() - t0);
      }
      perActa.set(p.name, times);
    }
  } finally {
    client.close();
    await proxy.close();
    station.close();
    await central.proc.stop();
  }

  const base = profiles[0]!;
  const baseBytes = median(base.pages.map((pg) => pg.size));
  const baseTime = median(perActa.get(base.name)!);
  console.log(
    '\nprofile            bytes/page (median)   × of PNG   derive+gate ms/page   s/acta on link   × of PNG   pages sent as scanned',
  );
  for (const p of profiles) {
    const bytes = median(p.pages.map((pg) => pg.size));
    const t = median(perActa.get(p.name)!);
    console.log(
      `${p.name.padEnd(18)} ${(bytes / 1e6).toFixed(3).padStart(9)} MB          ${(bytes / baseBytes).toFixed(3).padStart(6)}   ${(p.deriveMs.length ? median(p.deriveMs).toFixed(0) : '—').padStart(12)}          ${(t / 1000).toFixed(2).padStart(8)}        ${(t / baseTime).toFixed(3).padStart(6)}   ${p.fallbacks}/${p.pages.length}`,
    );
  }
  console.log(
    '\nEvery copy that travelled passed the station quality gate with its QR key; a page that would not goes as scanned (last column).',
  );
} finally {
  await gate.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
