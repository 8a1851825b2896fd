// A labelled corpus for the quality gate: clean pages, every defect just past its threshold (must
// be rejected) and just short of it (must pass), blank pages and pages that are not actas, each
// scanned through one of several scanner personalities. Each case is a file's bytes plus what the
// gate should say about it.
import type { ActaKey } from '../../shared/acta-key';
import type { Defect } from './defects';
import { renderActaPage, renderBlankPage, renderNotActaPage, type RawPage } from './page';
import { PERSONALITIES, scanAs, type ScannerPersonality } from './scanner-personality';

export type CorpusClass = 'clean' | 'mild' | Defect['kind'] | 'blank' | 'notActa';

export interface CorpusCase {
  /** e.g. "skew 3.8° · sheetfed-jpeg-colour · jpeg · seed 2024/62760". */
  label: string;
  cls: CorpusClass;
  /** true when the gate must reject the page. */
  mustReject: boolean;
  bytes: Buffer;
  /** The key on the QR label, when the page has one that should read. */
  key: ActaKey | null;
}

/** Far severities that any gate must reject (the simulated scanner draws its bad pages from these). */
export const REJECT_DEFECTS: Defect[] = [
  { kind: 'blur', sigma: 2.5 },
  { kind: 'blur', sigma: 4 },
  { kind: 'blur', sigma: 6 },
  { kind: 'motionBlur', length: 13, angle: 0 },
  { kind: 'motionBlur', length: 21, angle: 90 },
  { kind: 'motionBlur', length: 31, angle: 45 },
  { kind: 'tooDark', gain: 0.5 },
  { kind: 'tooDark', gain: 0.35 },
  { kind: 'overexposed', lift: 0.55 },
  { kind: 'overexposed', lift: 0.75 },
  { kind: 'lowContrast', factor: 0.3 },
  { kind: 'lowContrast', factor: 0.18 },
  { kind: 'skew', degrees: 4 },
  { kind: 'skew', degrees: -7 },
  { kind: 'skew', degrees: 12 },
  { kind: 'cutOff', edge: 'bottom', fraction: 0.08 },
  { kind: 'cutOff', edge: 'right', fraction: 0.1 },
  { kind: 'cutOff', edge: 'top', fraction: 0.12 },
  { kind: 'cutOff', edge: 'left', fraction: 0.15 },
  { kind: 'lowResolution', dpi: 150 },
  { kind: 'lowResolution', dpi: 100 },
  { kind: 'lowResolution', dpi: 75 },
  { kind: 'jpegArtifacts', quality: 20 },
  { kind: 'jpegArtifacts', quality: 12 },
  { kind: 'jpegArtifacts', quality: 5 },
  { kind: 'foldedCorner', corner: 'topRight', leg: 380 },
  { kind: 'foldedCorner', corner: 'bottomLeft', leg: 520 },
  { kind: 'foldedCorner', corner: 'bottomRight', leg: 700 },
];

/**
 * Near each threshold, a severity just past it (must be rejected) for every defect kind, and
 * low resolutions at several source dpi and kernels (upsampled to the 300 dpi the file claims).
 */
export const NEAR_REJECT_DEFECTS: Defect[] = [
  { kind: 'blur', sigma: 2.6 },
  { kind: 'motionBlur', length: 15, angle: 90 },
  { kind: 'tooDark', gain: 0.6 },
  { kind: 'overexposed', lift: 0.58 },
  { kind: 'lowContrast', factor: 0.4 },
  { kind: 'skew', degrees: 3.8 },
  { kind: 'cutOff', edge: 'bottom', fraction: 0.08 },
  { kind: 'cutOff', edge: 'left', fraction: 0.07 },
  { kind: 'lowResolution', dpi: 96, kernel: 'lanczos3' },
  { kind: 'lowResolution', dpi: 100, kernel: 'cubic' },
  { kind: 'lowResolution', dpi: 120, kernel: 'mitchell' },
  { kind: 'lowResolution', dpi: 150, kernel: 'linear' },
  { kind: 'jpegArtifacts', quality: 32 },
  { kind: 'foldedCorner', corner: 'bottomRight', leg: 200 },
];

/** Just short of each threshold: imperfect but good scans the gate must let through. */
export const NEAR_PASS_DEFECTS: Defect[] = [
  { kind: 'blur', sigma: 1.0 },
  { kind: 'motionBlur', length: 3, angle: 90 },
  { kind: 'tooDark', gain: 0.78 },
  { kind: 'overexposed', lift: 0.3 },
  { kind: 'lowContrast', factor: 0.62 },
  { kind: 'skew', degrees: 1.5 },
  { kind: 'cutOff', edge: 'bottom', fraction: 0.015 },
  { kind: 'lowResolution', dpi: 250, kernel: 'lanczos3' },
  { kind: 'lowResolution', dpi: 240, kernel: 'cubic' },
  { kind: 'jpegArtifacts', quality: 55 },
  { kind: 'foldedCorner', corner: 'topLeft', leg: 110 },
];

export function describeDefect(d: Defect): string {
  switch (d.kind) {
    case 'blur':
      return `blur σ${d.sigma}`;
    case 'motionBlur':
      return `motionBlur ${d.length}px@${d.angle}°`;
    case 'tooDark':
      return `tooDark ×${d.gain}`;
    case 'overexposed':
      return `overexposed +${d.lift}`;
    case 'lowContrast':
      return `lowContrast ×${d.factor}`;
    case 'skew':
      return `skew ${d.degrees}°`;
    case 'cutOff':
      return `cutOff ${d.edge} ${d.fraction}`;
    case 'lowResolution':
      return `lowResolution ${d.dpi}dpi${d.kernel ? ` ${d.kernel}` : ''}`;
    case 'jpegArtifacts':
      return `jpeg q${d.quality}`;
    case 'foldedCorner':
      return `fold ${d.corner} ${d.leg}px`;
  }
}

export interface WideCorpusOptions {
  seed?: number;
  /** Scanner personalities to scan through (default: all). */
  personalities?: ScannerPersonality[];
  /** Rounds: each scans every near-threshold defect once, on personalities shifted by one. */
  rounds?: number;
}

/**
 * The widened corpus: clean pages through every scanner personality, and each near-threshold
 * defect (just short of its threshold: must pass, class 'mild'; just past it: must be rejected)
 * through one personality, shifted with the seed and the round so that every defect meets
 * another scanner on another seed; plus a blank page and pages that are not actas.
 */
export async function* generateWideCorpus(opts: WideCorpusOptions = {}): AsyncGenerator<CorpusCase> {
  const seed = opts.seed ?? 3000;
  const people = opts.personalities ?? PERSONALITIES;
  const bases: Array<{ optical: RawPage; key: ActaKey; seed: number }> = [];
  for (let i = 0; i < 3; i++) {
    const r = await renderActaPage({ seed: seed + i, colour: i % 2 ? 'colour' : 'grey' });
    bases.push({ optical: r.optical, key: r.key, seed: seed + i });
  }
  let n = 0;
  const scan = async (p: ScannerPersonality, d: Defect | null, mustReject: boolean): Promise<CorpusCase> => {
    const base = bases[n % bases.length]!;
    const scanSeed = seed * 31 + ++n;
    const { bytes, format } = await scanAs(base.optical, p, d, scanSeed);
    return {
      label: `${d ? describeDefect(d) : 'clean'} · ${p.name} · ${format} · seed ${base.seed}/${scanSeed}`,
      cls: d === null ? 'clean' : mustReject ? d.kind : 'mild',
      mustReject,
      bytes,
      key: base.key,
    };
  };
  for (let round = 0; round < (opts.rounds ?? 1); round++) {
    const shift = seed + round;
    for (const p of people) yield await scan(p, null, false);
    for (const [i, d] of NEAR_PASS_DEFECTS.entries())
      yield await scan(people[(i + shift) % people.length]!, d, false);
    for (const [i, d] of NEAR_REJECT_DEFECTS.entries())
      yield await scan(people[(i + shift + 3) % people.length]!, d, true);
  }
  const p = people[seed % people.length]!;
  const blank = await renderBlankPage(seed + 50, p.output, 0.6);
  const scanned = async (page: RawPage) => (await scanAs(page, p, null, seed)).bytes;
  yield {
    label: `blank · ${p.name}`,
    cls: 'blank',
    mustReject: true,
    bytes: await scanned(blank),
    key: null,
  };
  for (const kind of ['letter', 'photo'] as const) {
    const other = await renderNotActaPage(seed + 60, kind, p.output);
    yield {
      label: `notActa ${kind} · ${p.name}`,
      cls: 'notActa',
      mustReject: true,
      bytes: await scanned(other),
      key: null,
    };
  }
}
