// A minimal PDF 1.4 writer for print-ready pages: Letter pages of a grey image (JPEG as it is, or
// 8-bit raw samples deflated) with lines of Helvetica text over them. Enough for the training pack (catd training pack); nothing
// here parses PDF. Text is WinAnsi (Latin-1 covers Spanish), so "CAPACITACIÓN" prints as is.
import zlib from 'node:zlib';

export const LETTER_PT = { width: 612, height: 792 } as const;

export interface PdfText {
  text: string;
  x: number;
  y: number;
  size: number;
  /** Degrees, counter-clockwise. */
  angle?: number;
  /** 0–1 each. */
  rgb?: [number, number, number];
  bold?: boolean;
}

/**
 * A grey image filling the page (width × height pixels): a one-component baseline JPEG, embedded
 * as its own bytes (DCTDecode: a 300-dpi page of an acta is ~0.25 MB), or raw 8-bit samples,
 * deflated (lossless, but a scanned page's grain makes it ~3.5 MB).
 */
export type PdfImage =
  { jpeg: Buffer; width: number; height: number } | { gray: Uint8Array; width: number; height: number };

/** A filled rectangle (bars of a chart, table rules), in points from the page's lower left. */
export interface PdfRect {
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0–1 each. */
  rgb: [number, number, number];
}

export interface PdfPage {
  image?: PdfImage;
  texts: PdfText[];
  /** Drawn before the texts, so a label may sit on a bar. */
  rects?: PdfRect[];
}

/** WinAnsi places of the few characters beyond Latin-1 the texts use (dashes, quotes, dots). */
const WIN_ANSI: Record<string, string> = {
  '—': '\x97',
  '–': '\x96',
  '“': '\x93',
  '”': '\x94',
  '’': '\x92',
  '…': '\x85',
  '•': '\x95',
  '→': '->', // no arrow in WinAnsi: the report's "acopio → aceptación" still reads
};

/**
 * The text as WinAnsi bytes (one char per byte, written as latin1): Latin-1 as it is (á é í ó ú ñ
 * ¿ ¡ keep their places), the few mapped above, anything else '?' rather than a wrong letter.
 */
export function winAnsi(s: string): string {
  return [...s.normalize('NFC')]
    .map((c) => {
      const code = c.charCodeAt(0);
      return WIN_ANSI[c] ?? (code >= 0x20 && code <= 0xff && (code < 0x7f || code > 0x9f) ? c : '?');
    })
    .join('');
}

function pdfString(s: string): string {
  return `(${winAnsi(s).replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

function rectOp(r: PdfRect): string {
  const [x, y, w, h] = [r.x, r.y, r.width, r.height].map((v) => v.toFixed(2));
  return `${r.rgb.join(' ')} rg ${x} ${y} ${w} ${h} re f`;
}

function textOp(t: PdfText): string {
  const a = ((t.angle ?? 0) * Math.PI) / 180;
  const [c, s] = [Math.cos(a), Math.sin(a)];
  const [r, g, b] = t.rgb ?? [0, 0, 0];
  const m = [c, s, -s, c, t.x, t.y].map((v) => v.toFixed(3)).join(' ');
  return `BT /${t.bold ? 'F2' : 'F1'} ${t.size} Tf ${r} ${g} ${b} rg ${m} Tm ${pdfString(t.text)} Tj ET`;
}

export function writePdf(pages: PdfPage[]): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const stream = (dict: string, data: Buffer): Buffer =>
    Buffer.concat([
      Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
      data,
      Buffer.from('\nendstream', 'latin1'),
    ]);
  const catalogId = add(''); // filled below
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const p of pages) {
    let ops = '';
    let xobj = '';
    if (p.image) {
      const [filter, data] =
        'jpeg' in p.image
          ? ['DCTDecode', p.image.jpeg]
          : ['FlateDecode', zlib.deflateSync(p.image.gray, { level: 6 })];
      const img = add(
        stream(
          `/Type /XObject /Subtype /Image /Width ${p.image.width} /Height ${p.image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /${filter}`,
          data,
        ),
      );
      xobj = `/XObject << /Im1 ${img} 0 R >>`;
      ops += `q ${LETTER_PT.width} 0 0 ${LETTER_PT.height} 0 0 cm /Im1 Do Q\n`;
    }
    ops += [...(p.rects ?? []).map(rectOp), ...p.texts.map(textOp)].join('\n');
    const content = add(stream('', Buffer.from(ops, 'latin1')));
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${LETTER_PT.width} ${LETTER_PT.height}] ` +
          `/Resources << /Font << /F1 ${font} 0 R /F2 ${bold} 0 R >> ${xobj} >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalogId - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesId} 0 R >>`, 'latin1');
  objects[pagesId - 1] = Buffer.from(
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`,
    'latin1',
  );
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(obj);
    offset += obj.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}
