// Benchmark of the capture pipeline on 300-dpi letter pages (grey/colour × PNG/JPEG): decode,
// quality gate, QR, SHA-256 and durable store (hashed and stored while the gate judges, as the
// capture pipeline does), against sharp's bare decode of the same file in the same run; then a
// sustained batch with two pages in flight and the event loop's worst delay.
// Run: npx tsx tests/bench/quality.ts   Targets on 2 cores (issue 14): the page pipeline
// ≤ 2× sharp's decode of the same page (median, same run), ≥ 480 pages/min sustained, event
// loop never blocked > 50 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { QualityGate, useAllCoresForSharp } from '../../electron/capture/quality';
import { BlobStore } from '../../electron/capture/store';
import { encodePage, renderActaPage, type PageColour, type PageFormat } from '../../sim/acta/page';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const BATCH = Number(process.env.BENCH_BATCH ?? 40);
const IN_FLIGHT = 2;

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const f0 = (x: number) => x.toFixed(0).padStart(5);

useAllCoresForSharp();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-bench-'));
const gate = new QualityGate();
let n = 0;

/** As the capture pipeline does it: the gate judges the page while its bytes are hashed and stored. */
async function judgeAndStore(bytes: Buffer) {
  // A fresh folder per page: the same bytes would otherwise be deduplicated and never written.
  const store = new BlobStore(path.join(tmp, `b${n++}`));
  const [r] = await Promise.all([gate.inspect(bytes), store.put(bytes)]);
  if (!r.ok) throw new Error(r.error.detail);
  return r.value;
}

async function pipeline(bytes: Buffer): Promise<{ ms: number; suitable: boolean }> {
  const t0 = performance.now();
  const r = await judgeAndStore(bytes);
  return { ms: performance.now() - t0, suitable: r.verdict.suitable };
}

try {
  console.log(
    `CPU: ${os.cpus()[0]?.model} × ${os.availableParallelism()} · Node ${process.version} · sharp ${sharp.versions.sharp}`,
  );
  const files: Array<{ name: string; bytes: Buffer }> = [];
  for (const [colour, format] of [
    ['grey', 'png'],
    ['colour', 'png'],
    ['grey', 'jpeg'],
    ['colour', 'jpeg'],
  ] as Array<[PageColour, PageFormat]>) {
    const { page } = await renderActaPage({ seed: 42, colour });
    const bytes = await encodePage(page, format);
    files.push({ name: `${colour} ${format}`.padEnd(12), bytes });
  }
  await pipeline(files[0]!.bytes); // start the workers

  console.log(`\nPer page (${ROUNDS} rounds, one page at a time), ms:`);
  console.log(
    'file           size MB   decode med  pipeline med   p95   ratio  (gate decode/measure/qr med)',
  );
  const allMedians: number[] = [];
  const ratios: number[] = [];
  for (const f of files) {
    const decode: number[] = [];
    const whole: number[] = [];
    const parts: Array<[number, number, number]> = [];
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      await sharp(f.bytes).raw().toBuffer();
      decode.push(performance.now() - t);
      t = performance.now();
      const r = await judgeAndStore(f.bytes);
      parts.push([r.ms.decode, r.ms.measure, r.ms.qr]);
      whole.push(performance.now() - t);
    }
    const dm = pct(decode, 0.5);
    const wm = pct(whole, 0.5);
    allMedians.push(wm);
    ratios.push(wm / dm);
    console.log(
      `${f.name} ${(f.bytes.length / 1e6).toFixed(1).padStart(6)}  ${f0(dm)}       ${f0(wm)}      ${f0(pct(whole, 0.95))}  ×${(wm / dm).toFixed(2)}   (${[
        0, 1, 2,
      ]
        .map((k) =>
          pct(
            parts.map((p) => p[k]!),
            0.5,
          ).toFixed(0),
        )
        .join('/')})`,
    );
  }

  // Baselines for the event loop on this machine, same run: idle, and sharp decoding alone.
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 2000));
  idle.disable();
  const dec = monitorEventLoopDelay({ resolution: 10 });
  dec.enable();
  for (let i = 0; i < BATCH / 2; i++)
    await sharp(files[i % files.length]!.bytes)
      .raw()
      .toBuffer();
  dec.disable();
  console.log(
    `\nEvent loop baselines: idle 2 s max ${(idle.max / 1e6).toFixed(1)} ms · sharp decode only max ${(dec.max / 1e6).toFixed(1)} ms`,
  );

  console.log(`\nSustained batch: ${BATCH} pages, ${IN_FLIGHT} in flight`);
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t0 = performance.now();
  let next = 0;
  const lat: number[] = [];
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < BATCH) {
        const f = files[next++ % files.length]!;
        lat.push((await pipeline(f.bytes)).ms);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  h.disable();
  const ppm = (BATCH / elapsed) * 60_000;
  const maxDelay = h.max / 1e6;
  console.log(`  pages/min: ${ppm.toFixed(0)} (target ≥ 480)`);
  console.log(`  latency per page in batch: median ${f0(pct(lat, 0.5))} ms, p95 ${f0(pct(lat, 0.95))} ms`);
  console.log(
    `  event loop: max delay ${maxDelay.toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms (target ≤ 50)`,
  );
  const med = pct(allMedians, 0.5);
  const worst = Math.max(...ratios);
  console.log(
    `\nVerdict: median per page ${med.toFixed(0)} ms, pipeline/decode up to ×${worst.toFixed(2)} (${worst <= 2 ? 'meets' : 'misses'} ≤ ×2) · ` +
      `${ppm.toFixed(0)} pages/min (${ppm >= 480 ? 'meets' : 'misses'} ≥ 480) · event loop ${maxDelay.toFixed(1)} ms (${maxDelay <= 50 ? 'meets' : 'misses'} ≤ 50)`,
  );
} finally {
  await gate.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
