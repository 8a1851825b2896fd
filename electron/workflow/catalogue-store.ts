// Tables owned: catalogue.
// The CATD's catalogue of expected casillas, as loaded by a supervisor: the validated CSV text is
// kept as loaded (so it survives restarts and can be exported as evidence of what was expected),
// parsed once per load.
import type { Db } from '../store/db';
import type { StampedTime } from '../platform/clock';
import { sha256Hex } from '../platform/hash';
import { err, ok, type Result } from '../platform/result';
import { parseCatalogueCsv, type Catalogue, type CatalogueLineError } from '../../shared/catalogue';

export interface CatalogueInfo {
  sha256: string;
  entries: number;
  loadedAt: StampedTime;
  loadedBy: string;
}

/** A parsed catalogue with the SHA-256 of its text, or every bad line of it. */
export type CatalogueParse = Result<{ catalogue: Catalogue; sha256: string }, CatalogueLineError[]>;

interface CatalogueRow {
  csv: string;
  sha256: string;
  entries: number;
  loaded_at_utc: string;
  loaded_offset: number;
  loaded_by: string;
}

export class CatalogueStore {
  private cached: { sha256: string; catalogue: Catalogue } | null = null;

  constructor(private readonly db: Db) {}

  static parse(csv: string): CatalogueParse {
    const parsed = parseCatalogueCsv(csv);
    if (!parsed.ok) return err(parsed.errors);
    return ok({ catalogue: parsed.catalogue, sha256: sha256Hex(csv) });
  }

  info(): CatalogueInfo | null {
    const r = this.row();
    return r
      ? {
          sha256: r.sha256,
          entries: r.entries,
          loadedAt: { utc: r.loaded_at_utc, offsetMinutes: r.loaded_offset },
          loadedBy: r.loaded_by,
        }
      : null;
  }

  /** The loaded catalogue, or null when none was loaded yet. */
  current(): Catalogue | null {
    const r = this.row();
    if (!r) return null;
    if (this.cached?.sha256 !== r.sha256) {
      const parsed = parseCatalogueCsv(r.csv);
      // Stored only after validation: a parse failure here means the file was edited by hand.
      if (!parsed.ok) throw new Error(`stored catalogue no longer parses (line ${parsed.errors[0]?.line})`);
      this.cached = { sha256: r.sha256, catalogue: parsed.catalogue };
    }
    return this.cached.catalogue;
  }

  /** Call inside the caller's transaction, with its audit entry. */
  replace(csv: string, sha256: string, entries: number, at: StampedTime, by: string): void {
    this.db
      .prepare(
        `INSERT INTO catalogue (id, csv, sha256, entries, loaded_at_utc, loaded_offset, loaded_by)
         VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET csv = excluded.csv, sha256 = excluded.sha256,
           entries = excluded.entries, loaded_at_utc = excluded.loaded_at_utc,
           loaded_offset = excluded.loaded_offset, loaded_by = excluded.loaded_by`,
      )
      .run(csv, sha256, entries, at.utc, at.offsetMinutes, by);
  }

  private row(): CatalogueRow | undefined {
    return this.db.prepare<[], CatalogueRow>('SELECT * FROM catalogue WHERE id = 1').get();
  }
}
