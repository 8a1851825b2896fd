// Benchmark of QR decoding on damaged labels (sim/acta/label-damage.ts), per damage class: keys
// read, wrong keys and ms per label for @zxing/library as the station used it before (hybrid
// binariser, try-harder), bare ZXing-C++ (zxing-wasm, one read) and the station's scanQr
// (ZXing-C++ with its label retries), with each one's ratio against @zxing/library in this run.
// Seeds 1 000 and up: the ones the retries were chosen on (the test asserts on others).
// Run: npm run bench -- qr   (QR_BENCH_SAMPLES labels per class, default 30)
import {
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';
import os from 'node:os';
import { scanQr } from '../../electron/capture/identify';
import { readQrCpp, zxingModule } from '../../electron/capture/identify/zxing-cpp';
import { damagedLabel, LABEL_DAMAGES, type DamagedLabel } from '../../sim/acta/label-damage';

const SAMPLES = Number(process.env.QR_BENCH_SAMPLES ?? 30);
const FIRST_SEED = 1000;
const HINTS = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);

function zxingJs(l: DamagedLabel): string | null {
  const view = new Uint8ClampedArray(l.gray.buffer, l.gray.byteOffset, l.gray.byteLength);
  try {
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(view, l.width, l.height)));
    return new QRCodeReader().decode(bitmap, HINTS).getText();
  } catch {
    return null;
  }
}

const cpp = await zxingModule();
const DECODERS: Array<[string, (l: DamagedLabel) => string | null | Promise<string | null>]> = [
  ['@zxing/library', zxingJs],
  [
    'zxing-wasm',
    (l) => {
      const r = readQrCpp(cpp, l.gray, l.width, l.height);
      return typeof r === 'object' ? r.text : null;
    },
  ],
  [
    'zxing-wasm + retries',
    async (l) => {
      const r = await scanQr(l.gray, l.width, l.height, { left: 0, top: 0, width: 1, height: 1 });
      return r.found ? r.text : null;
    },
  ],
];

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
type Tally = { read: number; wrong: number; n: number; ms: number[] };
const tally = () => ({ read: 0, wrong: 0, n: 0, ms: [] }) as Tally;
const cell = (t: Tally) =>
  `${((100 * t.read) / t.n).toFixed(1).padStart(5)}% ${String(t.wrong).padStart(2)}w ${pct(t.ms, 0.5).toFixed(1).padStart(6)}`;

console.log(`CPU: ${os.cpus()[0]?.model} × ${os.availableParallelism()} · Node ${process.version}`);
console.log(`${SAMPLES} labels per class; each cell: keys read %, wrong keys, median ms per label\n`);
console.log(`${'class'.padEnd(10)}${DECODERS.map(([n]) => n.slice(0, 24).padStart(26)).join('')}`);
const totals = DECODERS.map(tally);
for (const damage of LABEL_DAMAGES) {
  const row = DECODERS.map(tally);
  for (let seed = FIRST_SEED; seed < FIRST_SEED + SAMPLES; seed++) {
    const label = await damagedLabel(seed, damage);
    for (const [i, [, decode]] of DECODERS.entries()) {
      const t0 = performance.now();
      const text = await decode(label);
      const ms = performance.now() - t0;
      for (const t of [row[i]!, totals[i]!]) {
        t.n++;
        t.ms.push(ms);
        if (text === label.text) t.read++;
        else if (text !== null) t.wrong++;
      }
    }
  }
  console.log(`${damage.padEnd(10)}${row.map((t) => cell(t).padStart(26)).join('')}`);
}
console.log(`${'all'.padEnd(10)}${totals.map((t) => cell(t).padStart(26)).join('')}`);
const base = totals[0]!;
console.log('');
for (const [i, [name]] of DECODERS.entries()) {
  const t = totals[i]!;
  console.log(
    `${name.padEnd(30)} keys read ${((100 * t.read) / t.n).toFixed(1)}% (×${(t.read / Math.max(1, base.read)).toFixed(2)} vs @zxing/library), ` +
      `wrong ${t.wrong}, ms median ${pct(t.ms, 0.5).toFixed(1)} p95 ${pct(t.ms, 0.95).toFixed(1)} ` +
      `(×${(pct(t.ms, 0.5) / pct(base.ms, 0.5)).toFixed(2)} / ×${(pct(t.ms, 0.95) / pct(base.ms, 0.95)).toFixed(2)} vs @zxing/library)`,
  );
}
