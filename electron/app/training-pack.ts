// `catd training pack`: a scenario's actas on Letter paper, so a rehearsal can run through a real
// scanner. Each sheet is the scenario's (its QR label the real key, or the damage the scenario
// asks for), marked CAPACITACIÓN where it cannot cover the label; the defects paper cannot carry
// (a folded corner, a crooked feed) are made by hand, as the cover sheet says, sheet by sheet.
import sharp from 'sharp';
import { packSheets } from '../../sim/compose';
import { HAND_DEFECTS, type Scenario, type SheetDefect } from '../../shared/training/scenario';
import { LETTER_PT, writePdf, type PdfPage, type PdfText } from '../platform/pdf';

const MAGENTA: [number, number, number] = [0.69, 0, 0.35];

/**
 * The sheets are the simulator's scans: paper tone 236–248 with a sensor grain of ±4 levels. On
 * paper the paper is the paper, so everything from 228 up prints white (no grey wash, and no grain
 * for the JPEG to spend bytes on); a sheet printed dark keeps its darkness (its paper is ~85).
 */
const PAPER_TO_WHITE = 255 / 228;
/**
 * Grey baseline JPEG at the sheet's 300 dpi (~0.25 MB a page instead of ~3.5 MB deflated raw):
 * baseline, not progressive, for printers' own PDF interpreters; quality 75 keeps the QR modules
 * (about 9 pixels wide) square for the gate after a print and scan (tests/electron/training/pack).
 */
const PRINT_JPEG = {
  quality: 75,
  progressive: false,
  trellisQuantisation: true,
  overshootDeringing: true,
  optimiseCoding: true,
  quantisationTable: 3,
} as const;

/** What the trainer does by hand to a sheet before it goes to the scanner. */
const BY_HAND: Partial<Record<SheetDefect, string>> = {
  fold: 'doblar la esquina inferior derecha (unos 5 cm) hacia el frente',
  skew: 'alimentar la hoja torcida, unos 7 grados',
};

/** Other defects, printed into the page: the cover names them so the trainer knows what to expect. */
const PRINTED: Partial<Record<SheetDefect, string>> = {
  blur: 'impresa borrosa',
  cutOff: 'impresa cortada en el borde inferior',
  dark: 'impresa oscura',
  lowResolution: 'impresa a baja resolución',
  qrDamaged: 'QR manchado (la clave se captura a mano)',
  otherActaQr: 'lleva el QR de otra acta',
};

function coverPage(s: Scenario, sheets: Awaited<ReturnType<typeof packSheets>>): PdfPage {
  const texts: PdfText[] = [];
  let y = LETTER_PT.height - 60;
  const line = (text: string, size = 11, bold = false, rgb?: [number, number, number]) => {
    texts.push({ text, x: 54, y, size, bold, ...(rgb ? { rgb } : {}) });
    y -= size + 6;
  };
  line('CAPACITACIÓN — material de práctica, no son actas reales', 14, true, MAGENTA);
  line(`Paquete del escenario «${s.name}» (${s.kind === 'lesson' ? 'lección' : 'simulacro'})`, 16, true);
  line(
    `${sheets.length} hojas · tiempo límite ${s.timeLimitMinutes} min · imprima en carta, sin ajustar a página.`,
  );
  y -= 8;
  line('Antes de empezar, haga a mano lo que el papel no puede traer:', 12, true);
  const hand = sheets.filter((h) => h.defect && HAND_DEFECTS.has(h.defect));
  if (hand.length === 0) line('  (nada: todas las hojas van como se imprimieron)');
  for (const h of hand) line(`  Hoja ${h.sheetNo} (casilla ${h.casilla}): ${BY_HAND[h.defect!]}.`);
  y -= 8;
  line('Hojas impresas con su defecto (deben rechazarse al escanear):', 12, true);
  for (const h of sheets.filter((x) => x.defect && !HAND_DEFECTS.has(x.defect)))
    line(`  Hoja ${h.sheetNo} (casilla ${h.casilla}): ${PRINTED[h.defect!]}.`);
  y -= 8;
  line('Orden de llegada a la mesa de acopio:', 12, true);
  for (const a of s.actas) line(`  minuto ${a.arrivesAtMinute}: casilla ${a.casilla}`, 10);
  return { texts };
}

export async function buildTrainingPack(s: Scenario): Promise<Buffer> {
  const sheets = await packSheets(s, HAND_DEFECTS);
  const pages: PdfPage[] = [coverPage(s, sheets)];
  for (const sh of sheets) {
    const { data, info } = await sharp(sh.png)
      .toColourspace('b-w')
      .linear(PAPER_TO_WHITE, 0)
      .jpeg(PRINT_JPEG)
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`pack sheet ${sh.sheetNo}: ${info.channels} channels, not grey`);
    pages.push({
      image: { jpeg: data, width: info.width, height: info.height },
      texts: [
        // Across the tally, clear of the QR label at the top right.
        { text: 'CAPACITACIÓN', x: 150, y: 150, size: 64, angle: 35, rgb: MAGENTA, bold: true },
        { text: `CAPACITACIÓN · hoja ${sh.sheetNo} · ${s.name}`, x: 36, y: 16, size: 9, rgb: MAGENTA },
      ],
    });
  }
  return writePdf(pages);
}
