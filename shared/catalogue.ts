// The CATD's catalogue of expected casillas, from the CSV the district delivers: a header and one
// row per casilla (entidad,distrito,seccion,tipo,numero and optionally eleccion). Every bad line
// is reported with its number and what is wrong; a key not in the catalogue is "fuera de catálogo".
import { CASILLA_TYPES, type ActaKey, type CasillaType } from './acta-key';

export type CatalogueErrorCode =
  | 'empty'
  | 'header'
  | 'columns'
  | 'entidad'
  | 'distrito'
  | 'seccion'
  | 'tipo'
  | 'numero'
  | 'eleccion'
  | 'duplicate';

export interface CatalogueLineError {
  /** 1-based line number in the file. */
  line: number;
  code: CatalogueErrorCode;
  messageKey: `catalogue.error.${CatalogueErrorCode}`;
  /** The offending text (cut to 80 characters). */
  text: string;
}

export interface CatalogueEntry {
  entidad: string;
  distrito: string;
  seccion: string;
  casillaType: CasillaType;
  casillaNumber: number;
  /** null: the casilla is expected for every election. */
  election: string | null;
}

export interface Catalogue {
  size: number;
  entries: readonly CatalogueEntry[];
  /** The entry for this key, or "outOfCatalogue". */
  lookup(
    key: ActaKey,
  ):
    | { ok: true; entry: CatalogueEntry }
    | { ok: false; error: 'outOfCatalogue'; messageKey: 'catalogue.outOfCatalogue' };
}

const REQUIRED = ['entidad', 'distrito', 'seccion', 'tipo', 'numero'] as const;

function casillaId(e: {
  entidad: string;
  distrito: string;
  seccion: string;
  casillaType: string;
  casillaNumber: number;
}): string {
  return `${e.entidad}-${e.distrito}-${e.seccion}-${e.casillaType}${e.casillaNumber}`;
}

function pad(value: string, width: number): string | null {
  if (!/^\d+$/.test(value) || value.length > width) return null;
  return value.padStart(width, '0');
}

/**
 * One field as a spreadsheet wrote it: trimmed, and without the double quotes some programs put
 * around every value ("09"). No field of this file holds a comma, so quotes never protect one.
 */
function field(raw: string): string {
  const t = raw.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"')
    ? t.slice(1, -1).replace(/""/g, '"').trim()
    : t;
}

export function parseCatalogueCsv(
  text: string,
): { ok: true; catalogue: Catalogue } | { ok: false; errors: CatalogueLineError[] } {
  // CR LF (Windows), LF, or a lone CR (what older spreadsheets on a Mac write).
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const errors: CatalogueLineError[] = [];
  const err = (line: number, code: CatalogueErrorCode, raw: string) =>
    errors.push({ line, code, messageKey: `catalogue.error.${code}`, text: raw.slice(0, 80) });
  const firstIdx = lines.findIndex((l) => l.trim() !== '');
  if (firstIdx < 0) {
    err(1, 'empty', '');
    return { ok: false, errors };
  }
  const header = lines[firstIdx]!.split(',').map((h) =>
    field(h)
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, ''),
  );
  const col = (name: string) => header.indexOf(name);
  const electionCol = col('eleccion');
  if (REQUIRED.some((r) => col(r) < 0) || header.length !== REQUIRED.length + (electionCol >= 0 ? 1 : 0)) {
    err(firstIdx + 1, 'header', lines[firstIdx]!);
    return { ok: false, errors };
  }
  const entries: CatalogueEntry[] = [];
  const seen = new Set<string>();
  for (let i = firstIdx + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const f = raw.split(',').map(field);
    const n = i + 1;
    if (f.length !== header.length) {
      err(n, 'columns', raw);
      continue;
    }
    const entidad = pad(f[col('entidad')]!, 2);
    if (!entidad || +entidad < 1 || +entidad > 32) {
      err(n, 'entidad', raw);
      continue;
    }
    const distrito = pad(f[col('distrito')]!, 2);
    if (!distrito || +distrito < 1) {
      err(n, 'distrito', raw);
      continue;
    }
    const seccion = pad(f[col('seccion')]!, 4);
    if (!seccion || +seccion < 1) {
      err(n, 'seccion', raw);
      continue;
    }
    const tipo = f[col('tipo')]!.toUpperCase();
    if (!(CASILLA_TYPES as readonly string[]).includes(tipo)) {
      err(n, 'tipo', raw);
      continue;
    }
    const numero = f[col('numero')]!;
    if (!/^[1-9]\d{0,2}$/.test(numero)) {
      err(n, 'numero', raw);
      continue;
    }
    let election: string | null = null;
    if (electionCol >= 0) {
      const e = f[electionCol]!.toUpperCase();
      if (e !== '' && !/^[A-Z]{2,6}$/.test(e)) {
        err(n, 'eleccion', raw);
        continue;
      }
      election = e === '' ? null : e;
    }
    const entry: CatalogueEntry = {
      entidad,
      distrito,
      seccion,
      casillaType: tipo as CasillaType,
      casillaNumber: +numero,
      election,
    };
    const id = `${casillaId(entry)}|${election ?? '*'}`;
    if (seen.has(id)) {
      err(n, 'duplicate', raw);
      continue;
    }
    seen.add(id);
    entries.push(entry);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (entries.length === 0) {
    err(firstIdx + 1, 'empty', '');
    return { ok: false, errors };
  }
  const byCasilla = new Map<string, CatalogueEntry[]>();
  for (const e of entries) {
    const id = casillaId(e);
    byCasilla.set(id, [...(byCasilla.get(id) ?? []), e]);
  }
  return {
    ok: true,
    catalogue: {
      size: entries.length,
      entries,
      lookup(key) {
        const found = (byCasilla.get(casillaId(key)) ?? []).find(
          (e) => e.election === null || e.election === key.election,
        );
        return found
          ? { ok: true, entry: found }
          : { ok: false, error: 'outOfCatalogue', messageKey: 'catalogue.outOfCatalogue' };
      },
    },
  };
}
