// The Tablero's CATD panel: the catalogue's casillas against what every station of the CATD
// received (the central's view, shared/catd-view.ts) and what this one did, so a casilla received
// at two stations counts once and nothing outside the catalogue inflates the count. Without the
// central it is this station's own count, and says so.
import type { Catalogue } from '../../shared/catalogue';
import type { CatdCounts, CatdView } from '../../shared/catd-view';
import { actaKeyId, parseActaKey, type ActaKey, type CasillaType } from '../../shared/acta-key';
import { entryDisplay, entryId, MAX_MISSING_LISTED } from './acta-queries';

/** keyStages' acusada (acta-queries.ts). */
const ACKNOWLEDGED_STAGE = 6;

/** An actaKeyId() ("2024-PRES-09-05-1234-B1") back into its fields. */
function keyOfId(id: string): ActaKey | null {
  const m = /^(\d{4})-([A-Z]+)-(\d\d)-(\d\d)-(\d{4})-([BCES])(\d+)$/.exec(id);
  if (!m) return null;
  return {
    year: +m[1]!,
    election: m[2]!,
    entidad: m[3]!,
    distrito: m[4]!,
    seccion: m[5]!,
    casillaType: m[6] as CasillaType,
    casillaNumber: +m[7]!,
  };
}

export function catdCounts(
  catalogue: Catalogue | null,
  /** This station's standing actas: key label and how far each got (acta-store keyStages). */
  local: ReadonlyArray<{ keyLabel: string; stage: number }>,
  central: { view: CatdView; at: string } | null,
): CatdCounts {
  const received = new Set<string>();
  const acknowledged = new Set<string>();
  const outside = new Set<string>();
  const unitOf = (keyId: string): string | null => {
    const key = keyOfId(keyId);
    if (!key) return null;
    if (!catalogue) return entryId({ ...key, election: null });
    const found = catalogue.lookup(key);
    if (found.ok) return entryId(found.entry);
    outside.add(keyId);
    return null;
  };
  const add = (set: Set<string>, keyId: string) => {
    const unit = unitOf(keyId);
    if (unit) set.add(unit);
  };
  for (const r of local) {
    const parsed = parseActaKey(r.keyLabel);
    if (!parsed.ok) continue; // stored only after parsing: cannot happen, never counts
    add(received, actaKeyId(parsed.key));
    if (r.stage >= ACKNOWLEDGED_STAGE) add(acknowledged, actaKeyId(parsed.key));
  }
  for (const k of central?.view.received ?? []) add(received, k);
  for (const k of central?.view.acknowledged ?? []) add(acknowledged, k);
  const missing = catalogue ? catalogue.entries.filter((e) => !received.has(entryId(e))) : [];
  return {
    source: central ? 'central' : 'station',
    catd: central?.view.catd ?? null,
    asOf: central?.at ?? null,
    expected: catalogue?.size ?? 0,
    received: received.size,
    acknowledged: acknowledged.size,
    outOfCatalogue: outside.size,
    missingTotal: missing.length,
    missing: missing.slice(0, MAX_MISSING_LISTED).map(entryDisplay),
    stations: central?.view.stations ?? [],
  };
}
