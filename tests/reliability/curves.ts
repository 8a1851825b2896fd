// The soak's picture: memory, open files, event-loop delay and work done over time, with the
// fault windows (link down, scanner unplugged, UPS cable out) shaded behind, as one SVG (and a
// PNG made from it). Plain SVG, no chart library: the report must render anywhere.
import type { VitalsSample } from './long-run';

export interface FaultWindow {
  kind: 'link' | 'scanner' | 'ups';
  fromMs: number;
  toMs: number;
}

const W = 1200;
const PANEL_H = 170;
const LEFT = 80;
const RIGHT = 30;
const TOP = 50;
const GAP = 40;
const FAULT_COLOURS: Record<FaultWindow['kind'], string> = {
  link: '#fde2e2',
  scanner: '#e2ecfd',
  ups: '#fdf3d2',
};
const FAULT_LABELS: Record<FaultWindow['kind'], string> = {
  link: 'enlace primario caído',
  scanner: 'escáner desconectado',
  ups: 'UPS desconectada',
};

interface Line {
  label: string;
  colour: string;
  pick: (s: VitalsSample) => number;
}
interface Panel {
  title: string;
  unit: string;
  lines: Line[];
}

const PANELS: Panel[] = [
  {
    title: 'Memoria del núcleo',
    unit: 'MB',
    lines: [
      { label: 'RSS', colour: '#1f4e9c', pick: (s) => s.rssMB },
      { label: 'heap JS', colour: '#6aa0e8', pick: (s) => s.heapMB },
    ],
  },
  {
    title: 'Descriptores de archivo abiertos',
    unit: 'fds',
    lines: [{ label: 'fds', colour: '#2e7d32', pick: (s) => s.fds }],
  },
  {
    title: 'Retraso del bucle de eventos',
    unit: 'ms',
    lines: [
      { label: 'p99', colour: '#c62828', pick: (s) => s.loopP99Ms },
      { label: 'máx.', colour: '#ef9a9a', pick: (s) => s.loopMaxMs },
    ],
  },
  {
    title: 'Actas con acuse',
    unit: 'actas',
    lines: [{ label: 'acusadas', colour: '#6a1b9a', pick: (s) => s.acknowledged }],
  },
];

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function renderCurves(samples: VitalsSample[], faults: FaultWindow[], durationMs: number): string {
  const plotW = W - LEFT - RIGHT;
  const H = TOP + PANELS.length * (PANEL_H + GAP) + 30;
  const x = (t: number) => LEFT + (Math.min(t, durationMs) / durationMs) * plotW;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, sans-serif" font-size="13">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${LEFT}" y="24" font-size="18" font-weight="bold">Prueba de resistencia: ${(durationMs / 60_000).toFixed(1)} min, ${samples.length} muestras</text>`,
  ];
  let lx = W - RIGHT - 560;
  for (const k of Object.keys(FAULT_COLOURS) as FaultWindow['kind'][]) {
    out.push(`<rect x="${lx}" y="12" width="14" height="14" fill="${FAULT_COLOURS[k]}" stroke="#999"/>`);
    out.push(`<text x="${lx + 18}" y="24">${FAULT_LABELS[k]}</text>`);
    lx += 190;
  }
  PANELS.forEach((p, i) => {
    const top = TOP + i * (PANEL_H + GAP);
    const values = samples.flatMap((s) => p.lines.map((l) => l.pick(s)));
    const max = Math.max(1, ...values) * 1.1;
    const y = (v: number) => top + PANEL_H - (v / max) * PANEL_H;
    out.push(`<text x="${LEFT}" y="${top - 8}" font-weight="bold">${esc(p.title)} (${p.unit})</text>`);
    // The lines' names above the plot, right-aligned, where no curve can cover them.
    let nameX = LEFT + plotW;
    for (const l of [...p.lines].reverse()) {
      out.push(
        `<text x="${nameX}" y="${top - 8}" text-anchor="end" fill="${l.colour}" font-weight="bold">${esc(l.label)}</text>`,
      );
      nameX -= 16 + 9 * l.label.length;
    }
    for (const f of faults)
      out.push(
        `<rect x="${x(f.fromMs).toFixed(1)}" y="${top}" width="${Math.max(1, x(f.toMs) - x(f.fromMs)).toFixed(1)}" height="${PANEL_H}" fill="${FAULT_COLOURS[f.kind]}"/>`,
      );
    out.push(`<rect x="${LEFT}" y="${top}" width="${plotW}" height="${PANEL_H}" fill="none" stroke="#888"/>`);
    for (const frac of [0, 0.5, 1]) {
      const v = max * frac;
      out.push(`<line x1="${LEFT - 4}" x2="${LEFT + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
      out.push(
        `<text x="${LEFT - 8}" y="${y(v) + 4}" text-anchor="end">${v >= 100 ? v.toFixed(0) : v.toFixed(1)}</text>`,
      );
    }
    p.lines.forEach((l) => {
      const pts = samples.map((s) => `${x(s.t).toFixed(1)},${y(l.pick(s)).toFixed(1)}`).join(' ');
      out.push(`<polyline points="${pts}" fill="none" stroke="${l.colour}" stroke-width="2"/>`);
    });
  });
  const axisY = TOP + PANELS.length * (PANEL_H + GAP) - GAP + 18;
  const minutes = durationMs / 60_000;
  const step = minutes <= 2 ? 0.25 : minutes <= 20 ? 1 : minutes <= 60 ? 5 : 15;
  for (let m = 0; m <= minutes + 1e-9; m += step)
    out.push(
      `<text x="${x(m * 60_000)}" y="${axisY}" text-anchor="middle">${Number.isInteger(m) ? m : m.toFixed(2)} min</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}
