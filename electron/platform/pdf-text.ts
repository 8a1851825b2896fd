// Flowing text, tables and bar charts onto Letter pages for the minimal PDF writer (./pdf.ts):
// enough for a report the core writes itself (it never imports Electron, so no printToPDF). Lines
// go down the page and a new page starts when the next block would not fit. Widths come from the
// standard Helvetica metrics, so columns line up and long cells wrap instead of overlapping.
import { LETTER_PT, winAnsi, writePdf, type PdfPage } from './pdf';

/** Helvetica and Helvetica-Bold advance widths (1/1000 em) of ASCII 32–126, from Adobe's AFM. */
// prettier-ignore
const REGULAR = [278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584];
// prettier-ignore
const BOLD = [278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,333,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,584];
/** Beyond ASCII: the accented letters are as wide as their base letter; these are not. */
const OTHER: Record<string, number> = { '¿': 611, '¡': 333, '·': 278, '\x97': 1000, '\x96': 556, í: 278 };

/** The width in points of a line of text as the PDF will set it. */
export function textWidth(s: string, size: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let em = 0;
  for (const c of winAnsi(s)) {
    const base = c.normalize('NFD').charCodeAt(0);
    em += OTHER[c] ?? (base >= 32 && base <= 126 ? table[base - 32]! : 556);
  }
  return (em * size) / 1000;
}

/** A word cut into pieces no wider than width (a last resort: a name longer than its column). */
function hardBreak(word: string, width: number, size: number, bold: boolean): string[] {
  const out: string[] = [];
  let piece = '';
  for (const c of word) {
    if (piece && textWidth(piece + c, size, bold) > width) {
      out.push(piece);
      piece = '';
    }
    piece += c;
  }
  return [...out, piece];
}

/**
 * A text in lines no wider than width: breaks between words, or after an arrow ("acopio→" /
 * "aceptación" in a narrow header), and inside a word only when it alone is wider.
 */
export function wrap(s: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    word.split(/(?<=→)/).forEach((part, i) => {
      const next = !line ? part : i > 0 ? line + part : `${line} ${part}`;
      if (!line || textWidth(next, size, bold) <= width) line = next;
      else {
        lines.push(line);
        line = part;
      }
      if (textWidth(line, size, bold) > width) {
        const pieces = hardBreak(line, width, size, bold);
        lines.push(...pieces.slice(0, -1));
        line = pieces[pieces.length - 1]!;
      }
    });
  }
  return line ? [...lines, line] : [''];
}

export type Rgb = [number, number, number];

export interface TextStyle {
  size?: number;
  bold?: boolean;
  rgb?: Rgb;
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

const MARGIN = 54;
const GRID: Rgb = [0.55, 0.55, 0.55];

/** A document written top to bottom; `pdf()` adds "página n de N" and returns the file. */
export class PdfFlow {
  readonly pages: PdfPage[] = [];
  readonly width = LETTER_PT.width - 2 * MARGIN;
  private y = 0;

  constructor(private readonly footer: string) {
    this.newPage();
  }

  private get page(): PdfPage {
    return this.pages[this.pages.length - 1]!;
  }

  newPage(): void {
    this.pages.push({ texts: [], rects: [] });
    this.y = LETTER_PT.height - MARGIN;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  need(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** A paragraph, wrapped to the page's width. */
  text(s: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    for (const line of wrap(s, this.width, size, style.bold)) {
      this.need(size * 1.35);
      this.y -= size * 1.35;
      this.page.texts.push({
        text: line,
        x: MARGIN,
        y: this.y + size * 0.3,
        size,
        bold: style.bold,
        rgb: style.rgb,
      });
    }
  }

  private cells(columns: Column[], cells: string[], size: number, bold: boolean) {
    const pad = 3;
    const lines = columns.map((c, i) => wrap(cells[i] ?? '', c.width - 2 * pad, size, bold));
    return { pad, lines, height: Math.max(...lines.map((l) => l.length)) * size * 1.2 + 2 * pad };
  }

  /** One row of cells, each wrapped in its column, ruled below; moves down by the tallest. */
  private row(columns: Column[], cells: string[], size: number, bold: boolean): void {
    const { pad, lines, height } = this.cells(columns, cells, size, bold);
    const top = this.y;
    let x = MARGIN;
    columns.forEach((c, i) => {
      lines[i]!.forEach((line, n) => {
        const w = textWidth(line, size, bold);
        const tx = c.align === 'right' ? x + c.width - pad - w : x + pad;
        this.page.texts.push({ text: line, x: tx, y: top - pad - size * (n * 1.2 + 0.9), size, bold });
      });
      x += c.width;
    });
    this.y -= height;
    this.page.rects!.push({ x: MARGIN, y: this.y, width: x - MARGIN, height: bold ? 1 : 0.5, rgb: GRID });
  }

  /** A table with its header repeated on each page it runs onto. */
  table(columns: Column[], rows: string[][], size = 8): void {
    const titles = columns.map((c) => c.title);
    const head = size - 1; // bold headers, a point smaller, so a word like "completadas" fits
    this.need(this.cells(columns, titles, head, true).height + size * 3);
    this.row(columns, titles, head, true);
    for (const r of rows) {
      if (this.y - this.cells(columns, r, size, false).height < MARGIN) {
        this.newPage();
        this.row(columns, titles, head, true);
      }
      this.row(columns, r, size, false);
    }
  }

  /** Horizontal bars, one per value, scaled to the largest, labelled and valued. */
  bars(items: Array<{ label: string; value: number }>, unit: string, rgb: Rgb): void {
    const max = Math.max(1, ...items.map((i) => i.value));
    const [labelWidth, barWidth, h, size] = [190, 250, 14, 8];
    for (const it of items) {
      this.need(h);
      this.y -= h;
      const label = wrap(it.label, labelWidth - 6, size)[0]!;
      const w = Math.max(0.5, (it.value / max) * barWidth);
      this.page.texts.push({ text: label, x: MARGIN, y: this.y + 4, size });
      this.page.rects!.push({ x: MARGIN + labelWidth, y: this.y + 2, width: w, height: h - 4, rgb });
      const value = `${it.value}${unit ? ` ${unit}` : ''}`;
      this.page.texts.push({ text: value, x: MARGIN + labelWidth + w + 4, y: this.y + 4, size });
    }
  }

  pdf(): Buffer {
    const n = this.pages.length;
    this.pages.forEach((p, i) =>
      p.texts.push({ text: `${this.footer} · página ${i + 1} de ${n}`, x: MARGIN, y: MARGIN / 2, size: 8 }),
    );
    return writePdf(this.pages);
  }
}
