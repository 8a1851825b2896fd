// Run as a child process by hostile-memory.test.ts: gates a decompression bomb in a fresh process
// and prints {baselineRss, peakRss, ms, code} as JSON, so the parent measures this alone.
import { QualityGate } from '../../../../electron/capture/quality';
import { jpegWithDeclaredSize, pngZeroBomb, actaSamples } from './hostile-files';

const gate = new QualityGate({ workers: 1 });
const { jpeg } = await actaSamples();
const bombs = { png: pngZeroBomb(50_000), jpeg: jpegWithDeclaredSize(jpeg, 65_000, 65_000) };
global.gc?.();
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 1);
const results: Array<{ kind: string; code: string; ms: number }> = [];
for (const [kind, bytes] of Object.entries(bombs)) {
  const t0 = performance.now();
  const r = await gate.inspect(bytes);
  results.push({ kind, code: r.ok ? 'accepted' : r.error.code, ms: performance.now() - t0 });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
clearInterval(sampler);
await gate.close();
// The kernel's own high-water mark catches a spike between two samples.
const { maxRSS } = process.resourceUsage(); // KiB
process.stdout.write(
  JSON.stringify({ baselineRss, peakRss: Math.max(peakRss, maxRSS * 1024), results }) + '\n',
);
