// A realistic acta page as a scanner delivers it: US letter at 300 dpi (2550×3300), drawn as SVG
// and rendered by sharp, then given the paper tone, optics softness and sensor noise of a real
// scan. Everything is decided by the seed.
import QRCode from 'qrcode';
import sharp, { type Sharp } from 'sharp';
import { formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';
import { handwrittenNumber, signature } from './handwriting';
import { createRng, type Rng } from './rng';

export const LETTER_DPI = 300;
export const LETTER_WIDTH_PX = 2550;
export const LETTER_HEIGHT_PX = 3300;

/** Where the QR label sits on the acta, as fractions of the page (the gate's default crop). */
export const QR_LABEL_BOX = { left: 1860, top: 150, width: 540, height: 520 } as const;

export type PageColour = 'grey' | 'colour';

/** A decoded page: raw 8-bit pixels, 1 (grey) or 3 (sRGB) channels. */
export interface RawPage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
}

export interface ActaPageSpec {
  seed: number;
  colour: PageColour;
  /** The key printed on the label; drawn from the seed when absent. */
  key?: ActaKey;
  /** Text the QR holds instead of the key's label (to test an invalid key); null = no QR label. */
  qrText?: string | null;
}

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const MONO = 'DejaVu Sans Mono, Liberation Mono, monospace';
const SERIF = 'DejaVu Serif, Liberation Serif, serif';

const PARTIES = [
  ['PAN', '#1f4fa3'],
  ['PRI', '#1b8a3c'],
  ['PRD', '#f2c300'],
  ['PVEM', '#3fae49'],
  ['PT', '#d32027'],
  ['MC', '#f47b20'],
  ['MORENA', '#8a1c2b'],
  ['COALICIÓN A', '#555555'],
  ['COALICIÓN B', '#777777'],
] as const;

const ENTIDADES: Record<string, string> = {
  '01': 'AGUASCALIENTES',
  '09': 'CIUDAD DE MÉXICO',
  '14': 'JALISCO',
  '15': 'MÉXICO',
  '19': 'NUEVO LEÓN',
  '21': 'PUEBLA',
  '30': 'VERACRUZ',
};

const WORDS = ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve'];

export function randomActaKey(rng: Rng): ActaKey {
  return {
    year: 2024,
    election: rng.pick(['PRES', 'SEN', 'DIP']),
    entidad: rng.pick(Object.keys(ENTIDADES)),
    distrito: String(rng.int(1, 24)).padStart(2, '0'),
    seccion: String(rng.int(1, 6000)).padStart(4, '0'),
    casillaType: rng.pick(['B', 'C', 'E', 'S'] as const),
    casillaNumber: rng.int(1, 12),
  };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(
  x: number,
  y: number,
  size: number,
  s: string,
  opts: { weight?: string; family?: string; fill?: string; anchor?: string } = {},
): string {
  return `<text x="${x}" y="${y}" font-family="${opts.family ?? FONT}" font-size="${size}" font-weight="${opts.weight ?? 'normal'}" fill="${opts.fill ?? '#111'}" text-anchor="${opts.anchor ?? 'start'}">${esc(s)}</text>`;
}

/** The QR matrix as merged horizontal runs of dark modules. */
export function qrSvg(
  content: string,
  x: number,
  y: number,
  module: number,
  errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' = 'M',
): string {
  const qr = QRCode.create(content, { errorCorrectionLevel });
  const n = qr.modules.size;
  const rects: string[] = [];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      rects.push(
        `<rect x="${x + start * module}" y="${y + r * module}" width="${(c - start) * module}" height="${module}"/>`,
      );
    }
  }
  return `<g fill="#000">${rects.join('')}</g>`;
}

function actaSvg(rng: Rng, key: ActaKey, qrText: string | null, colour: PageColour): string {
  const W = LETTER_WIDTH_PX;
  const H = LETTER_HEIGHT_PX;
  const ink = colour === 'colour' ? rng.pick(['#1a2a8c', '#14206b', '#202020']) : '#1c1c1c';
  const parts: string[] = [];
  // Header.
  parts.push(text(150, 215, 54, 'INSTITUTO NACIONAL ELECTORAL', { weight: 'bold' }));
  parts.push(text(150, 285, 40, 'ACTA DE ESCRUTINIO Y CÓMPUTO DE CASILLA'));
  const eleccion = { PRES: 'PRESIDENCIA DE LA REPÚBLICA', SEN: 'SENADURÍAS', DIP: 'DIPUTACIONES FEDERALES' }[
    key.election as 'PRES' | 'SEN' | 'DIP'
  ];
  parts.push(text(150, 345, 34, `ELECCIÓN PARA LA ${eleccion ?? key.election}`));
  // Identification box.
  const idTop = 420;
  parts.push(
    `<rect x="150" y="${idTop}" width="1650" height="300" fill="none" stroke="#000" stroke-width="4"/>`,
  );
  const cells: Array<[string, string, number]> = [
    ['ENTIDAD FEDERATIVA', `${key.entidad} ${ENTIDADES[key.entidad] ?? ''}`, 150],
    ['DISTRITO', key.distrito, 900],
    ['SECCIÓN', key.seccion, 1150],
    [
      'CASILLA',
      `${{ B: 'BÁSICA', C: 'CONTIGUA', E: 'EXTRAORD.', S: 'ESPECIAL' }[key.casillaType]} ${key.casillaNumber}`,
      1420,
    ],
  ];
  for (const [label, value, x] of cells) {
    if (x > 150)
      parts.push(
        `<line x1="${x}" y1="${idTop}" x2="${x}" y2="${idTop + 300}" stroke="#000" stroke-width="3"/>`,
      );
    parts.push(text(x + 20, idTop + 60, 26, label, { weight: 'bold' }));
    parts.push(text(x + 20, idTop + 180, 44, value));
  }
  // QR label.
  const L = QR_LABEL_BOX;
  parts.push(
    `<rect x="${L.left}" y="${L.top}" width="${L.width}" height="${L.height}" fill="#fff" stroke="#000" stroke-width="3"/>`,
  );
  if (qrText !== null) {
    const module = 9;
    const size = QRCode.create(qrText, { errorCorrectionLevel: 'M' }).modules.size * module;
    parts.push(qrSvg(qrText, L.left + (L.width - size) / 2, L.top + 40, module));
    parts.push(
      text(L.left + L.width / 2, L.top + L.height - 40, 25, formatActaKeyLabel(key), {
        family: MONO,
        anchor: 'middle',
      }),
    );
  }
  // Party table.
  const tTop = 800;
  const rowH = 118;
  const cols = [150, 1050, 1650, 2400];
  const rows = PARTIES.length + 4;
  const tBottom = tTop + rowH * (rows + 1);
  parts.push(`<g stroke="#000" stroke-width="4">`);
  for (let r = 0; r <= rows + 1; r++)
    parts.push(`<line x1="${cols[0]}" y1="${tTop + r * rowH}" x2="${cols[3]}" y2="${tTop + r * rowH}"/>`);
  for (const c of cols) parts.push(`<line x1="${c}" y1="${tTop}" x2="${c}" y2="${tBottom}"/>`);
  parts.push(`</g>`);
  parts.push(text(180, tTop + 75, 32, 'PARTIDO POLÍTICO O COALICIÓN', { weight: 'bold' }));
  parts.push(text(1080, tTop + 75, 32, 'CON NÚMERO', { weight: 'bold' }));
  parts.push(text(1680, tTop + 75, 32, 'CON LETRA', { weight: 'bold' }));
  const labels = [
    ...PARTIES.map((p) => p[0]),
    'CANDIDATURAS NO REGISTRADAS',
    'VOTOS NULOS',
    'TOTAL',
    'BOLETAS SOBRANTES',
  ];
  let total = 0;
  labels.forEach((label, i) => {
    const y = tTop + rowH * (i + 1);
    const party = PARTIES[i];
    if (party) {
      const fill = colour === 'colour' ? party[1] : '#666';
      parts.push(
        `<rect x="180" y="${y + 22}" width="74" height="74" fill="${fill}" stroke="#000" stroke-width="2"/>`,
      );
    }
    parts.push(text(party ? 285 : 180, y + 75, 34, label));
    const votes = label === 'TOTAL' ? total : rng.int(0, label === 'VOTOS NULOS' ? 25 : 260);
    if (label !== 'TOTAL' && label !== 'BOLETAS SOBRANTES') total += votes;
    const s = String(votes);
    parts.push(handwrittenNumber(rng, s, 1100 + rng.range(0, 200), y + 92 + rng.range(-6, 6), 70, ink));
    const words = s
      .split('')
      .map((d) => WORDS[+d])
      .join(' ');
    parts.push(
      `<text x="${1690 + rng.range(0, 30)}" y="${y + 80}" font-family="${SERIF}" font-style="italic" font-size="${rng.int(34, 42)}" fill="${ink}" transform="rotate(${rng.range(-1.2, 1.2).toFixed(2)} 1700 ${y + 60})">${words}</text>`,
    );
  });
  // Signatures of the mesa directiva.
  const sigY = 2980;
  ['PRESIDENTE/A', 'SECRETARIO/A', 'ESCRUTADOR/A'].forEach((role, i) => {
    const x = 190 + i * 760;
    parts.push(signature(rng, x + 40, sigY - 170, 560, 150, ink));
    parts.push(`<line x1="${x}" y1="${sigY}" x2="${x + 640}" y2="${sigY}" stroke="#000" stroke-width="3"/>`);
    parts.push(text(x + 320, sigY + 50, 28, role, { anchor: 'middle' }));
  });
  parts.push(
    text(
      150,
      3140,
      24,
      'Original para el Programa de Resultados Electorales Preliminares (PREP). Escriba con tinta.',
    ),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#fff"/>${parts.join('')}</svg>`;
}

/** A letter that is not an acta: paragraphs of text, no QR, no ruled table. */
function letterSvg(rng: Rng): string {
  const W = LETTER_WIDTH_PX;
  const H = LETTER_HEIGHT_PX;
  const words = [
    'por',
    'medio',
    'de',
    'la',
    'presente',
    'se',
    'informa',
    'que',
    'el',
    'consejo',
    'distrital',
    'acordó',
    'sesionar',
    'en',
    'fecha',
    'próxima',
    'con',
    'los',
    'representantes',
    'partidos',
  ];
  const parts: string[] = [
    text(220, 330, 46, 'Oficio núm. ' + rng.int(100, 999), { family: SERIF, weight: 'bold' }),
  ];
  let y = 500;
  while (y < 2900) {
    if (rng.next() < 0.15) y += 60;
    let line = '';
    while (line.length < 70) line += rng.pick(words) + ' ';
    parts.push(text(220, y, 38, line.trim(), { family: SERIF }));
    y += 62;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="#fff"/>${parts.join('')}</svg>`;
}

/** A photo-like page (someone scanned a picture): smooth gradients and blobs, no lines, no QR. */
function photoSvg(rng: Rng): string {
  const W = LETTER_WIDTH_PX;
  const H = LETTER_HEIGHT_PX;
  const blobs: string[] = [];
  for (let i = 0; i < 14; i++) {
    const g = rng.int(30, 220);
    blobs.push(
      `<ellipse cx="${rng.int(0, W)}" cy="${rng.int(0, H)}" rx="${rng.int(150, 700)}" ry="${rng.int(150, 700)}" fill="rgb(${g},${rng.int(30, 220)},${rng.int(30, 220)})" opacity="0.7"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#9ab"/><stop offset="1" stop-color="#543"/></linearGradient></defs><rect width="${W}" height="${H}" fill="url(#g)"/>${blobs.join('')}</svg>`;
}

/** Paper tone and scanner optics (no noise yet): what reaches the sensor. */
async function optics(svg: string | null, rng: Rng, colour: PageColour): Promise<RawPage> {
  const W = LETTER_WIDTH_PX;
  const H = LETTER_HEIGHT_PX;
  const channels = colour === 'colour' ? 3 : 1;
  let img = svg
    ? sharp(Buffer.from(svg), { density: 72 })
    : sharp({ create: { width: W, height: H, channels: 3, background: '#fff' } });
  img = img.flatten({ background: '#fff' }).blur(rng.range(0.55, 0.75));
  if (channels === 1) img = img.toColourspace('b-w');
  const { data } = await img.raw().toBuffer({ resolveWithObject: true });
  // Paper is never pure white and ink never pure black on a scan.
  const paper = rng.range(236, 248);
  const inkFloor = rng.range(18, 34);
  const gain = (paper - inkFloor) / 255;
  const tint = colour === 'colour' ? [1, rng.range(0.985, 1), rng.range(0.96, 0.99)] : [1];
  for (let i = 0; i < data.length; i++) data[i] = (inkFloor + data[i]! * gain) * tint[i % channels]!;
  return { data, width: W, height: H, channels };
}

/**
 * Sensor noise, added at the resolution the sensor really sampled: after the optics (so a blurred
 * scan is still grainy) and before any resize or compression (which smooth it).
 */
export function addSensorNoise(page: RawPage, seed: number): RawPage {
  const data = Buffer.from(page.data);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    // Triangular noise, about ±4 levels.
    const v = data[i]! + ((s & 0xff) + ((s >>> 8) & 0xff)) / 64 - 4;
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return { ...page, data };
}

export interface RenderedActa {
  /** The page as scanned (optics + sensor noise). */
  page: RawPage;
  /** The same page before the sensor: where defects of the sheet and the optics are applied. */
  optical: RawPage;
  key: ActaKey;
  qrText: string | null;
}

export async function renderActaPage(spec: ActaPageSpec): Promise<RenderedActa> {
  const rng = createRng(spec.seed);
  const key = spec.key ?? randomActaKey(rng);
  const qrText = spec.qrText === undefined ? formatActaKeyLabel(key) : spec.qrText;
  const optical = await optics(actaSvg(rng, key, qrText, spec.colour), rng, spec.colour);
  return { page: addSensorNoise(optical, spec.seed), optical, key, qrText };
}

export type NotActaKind = 'letter' | 'photo';

export async function renderNotActaPage(
  seed: number,
  kind: NotActaKind,
  colour: PageColour,
): Promise<RawPage> {
  const rng = createRng(seed);
  return addSensorNoise(await optics(kind === 'letter' ? letterSvg(rng) : photoSvg(rng), rng, colour), seed);
}

/** An empty sheet; `showThrough` (0–1) adds the faint mirror image of a printed back side. */
export async function renderBlankPage(seed: number, colour: PageColour, showThrough = 0): Promise<RawPage> {
  const rng = createRng(seed);
  const blank = await optics(null, rng, colour);
  if (showThrough <= 0) return addSensorNoise(blank, seed);
  const back = await renderNotActaPage(seed + 1, 'letter', colour);
  const mirrored = await sharp(back.data, {
    raw: { width: back.width, height: back.height, channels: back.channels },
  })
    .flop()
    .raw()
    .toBuffer();
  for (let i = 0; i < blank.data.length; i++) {
    blank.data[i] = blank.data[i]! - (255 - mirrored[i]!) * 0.08 * showThrough;
  }
  return addSensorNoise(blank, seed);
}

/**
 * A raw page as a sharp pipeline. A grey page stays one channel on output: sharp otherwise writes
 * a 1-channel raw as an sRGB file, and a grey-mode scanner saves an 8-bit greyscale PNG or JPEG.
 */
export function rawSharp(page: RawPage): Sharp {
  const img = sharp(page.data, { raw: { width: page.width, height: page.height, channels: page.channels } });
  return page.channels === 1 ? img.toColourspace('b-w') : img;
}

export type PageFormat = 'png' | 'jpeg';

/** The file bytes a scanner would save, with the 300 dpi it claims. */
export async function encodePage(page: RawPage, format: PageFormat, jpegQuality = 90): Promise<Buffer> {
  const img = rawSharp(page).withDensity(LETTER_DPI);
  return format === 'png'
    ? img.png({ compressionLevel: 3, adaptiveFiltering: false }).toBuffer()
    : img.jpeg({ quality: jpegQuality, mozjpeg: false }).toBuffer();
}
