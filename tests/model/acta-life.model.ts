// The reference model of an acta's life at the station, small enough to be obviously right: per
// acta record its state (the three transmission states folded into one, "queued": the link
// decides when each happens), whether a supervisor holds it, which record it replaces, its record
// number and catalogue status. Beside it, what the model knows about sending: whether a record
// was ever "exposed" (queued, not held, while the central was reachable or a USB export was made),
// because a record never exposed must never be counted at the central.
import { formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';
import type { ActaState, CatalogueStatus } from '../../shared/workflow';

/** en_cola, transmitida and acusada: in the queue or beyond (which, the link decides). */
export type ModelState = 'recibida' | 'rechazada' | 'digitalizada' | 'queued' | 'en_conflicto' | 'anulada';

export function modelStateOf(s: ActaState): ModelState | 'verificada' {
  return s === 'en_cola' || s === 'transmitida' || s === 'acusada' ? 'queued' : s;
}

export interface ModelActa {
  id: number;
  /** Its place in the run's receive order: "a3" in a printed sequence. */
  n: number;
  /** Index of the casilla in the run's key pool. */
  key: number;
  state: ModelState;
  held: boolean;
  supersedes: number | null;
  conflictWith: number | null;
  record: number;
  catalogue: CatalogueStatus;
  /** Queued, not held, while the central could take it (a link or a USB export). */
  exposed: boolean;
  /** Held before it was ever exposed: it must stay en_cola until released. */
  mustStay: boolean;
  /** Received while the CATD could not be asked: its acopio report is owed to the central. */
  report: boolean;
  /** The state a late CATD report took it from into en_conflicto (where "keep" returns it). */
  conflictFrom: ModelState | null;
}

/** How many casillas a run plays with: few, so receives often hit a key that has a record. */
export const KEY_POOL = 3;
/** Steps between two faults at least: a SIGKILL restart costs seconds, a step a fraction of one. */
export const FAULT_SPACING = 3;
const ACTIVE: readonly ModelState[] = ['recibida', 'rechazada', 'digitalizada', 'queued'];

export class ActaLifeModel {
  readonly actas = new Map<number, ModelActa>();
  readonly order: ModelActa[] = [];
  /** Pool indices in the loaded catalogue (the run starts with all of them loaded). */
  catalogue = new Set<number>();
  centralUp = true;
  /**
   * Per casilla, who the central heard of first: this station (its acopio, or its late report)
   * or another station of the CATD (OtherStation, acta-life.faults.ts).
   */
  readonly firstAtCentral = new Map<number, 'station' | 'other'>();
  steps = 0;
  /** What each step did, in this run's own names (a1, a2... for actas, k0... for casillas). */
  readonly trace: string[] = [];
  /** The step of the last fault (faults come a few steps apart, so work happens between them). */
  lastFault = -FAULT_SPACING;
  readonly counts = {
    received: 0,
    conflicts: 0,
    scans: 0,
    gateRejections: 0,
    rejections: 0,
    verified: 0,
    resolutions: { replace: 0, keep_both: 0, keep_existing: 0 },
    holds: 0,
    releases: 0,
    annulled: 0,
    outOfCatalogueAccepted: 0,
    catalogueLoads: 0,
    refusedAsExpected: 0,
    otherStations: 0,
    lateConflicts: 0,
  };

  constructor(
    /** A sección of its own per run: runs share one station and one central. */
    readonly seccion: string,
  ) {}

  keyOf(i: number): ActaKey {
    return {
      year: 2024,
      election: 'PRES',
      entidad: '09',
      distrito: '07',
      seccion: this.seccion,
      casillaType: 'B',
      casillaNumber: i + 1,
    };
  }

  label(i: number): string {
    return formatActaKeyLabel(this.keyOf(i));
  }

  /** What actas.list's search needs to find this run's actas and no other run's. */
  get searchTerm(): string {
    return `09-07-${this.seccion}-`;
  }

  /** The records that stand for a casilla, oldest first (the workflow's standingForKey). */
  standing(key: number): ModelActa[] {
    return this.order.filter(
      (a) =>
        a.key === key &&
        ACTIVE.includes(a.state) &&
        !this.order.some((b) => b.supersedes === a.id && b.state !== 'anulada'),
    );
  }

  maxRecord(key: number): number {
    return Math.max(0, ...this.order.filter((a) => a.key === key).map((a) => a.record));
  }

  /** Records a replacement names: the one it replaces, and what that one replaced, and so on. */
  chain(a: ModelActa): number[] {
    const out: number[] = [];
    for (let r = a.supersedes; r !== null && !out.includes(r); r = this.actas.get(r)?.supersedes ?? null)
      out.push(r);
    return out;
  }

  /**
   * The record the model expects after a receive of casilla `key`; `catdOnline`: the station
   * asked the central (and was recorded there) at acopio, otherwise it owes it a report.
   */
  received(id: number, key: number, catdOnline: boolean | undefined): ModelActa {
    const existing = this.standing(key)[0];
    // Another station had it first: a second copy, as at one station (only without a local one).
    const elsewhere = !existing && catdOnline && this.firstAtCentral.get(key) === 'other';
    if (catdOnline && !this.firstAtCentral.has(key)) this.firstAtCentral.set(key, 'station');
    const a: ModelActa = {
      id,
      n: this.order.length + 1,
      key,
      state: existing || elsewhere ? 'en_conflicto' : 'recibida',
      held: false,
      supersedes: null,
      conflictWith: existing?.id ?? null,
      record: 1,
      catalogue: this.catalogue.has(key) ? 'in' : 'out',
      exposed: false,
      mustStay: false,
      report: catdOnline === false,
      conflictFrom: null,
    };
    this.actas.set(id, a);
    this.order.push(a);
    this.counts.received++;
    if (existing || elsewhere) this.counts.conflicts++;
    return a;
  }

  /**
   * The station's owed acopio reports reached the central (oldest first): where another station
   * had the key first, an acta not yet queued goes en_conflicto, remembering where it was.
   */
  reportsDelivered(): ModelActa[] {
    const conflicted: ModelActa[] = [];
    for (const a of this.order.filter((x) => x.report)) {
      a.report = false;
      if (!this.firstAtCentral.has(a.key)) this.firstAtCentral.set(a.key, 'station');
      if (this.firstAtCentral.get(a.key) !== 'other') continue;
      if (!['recibida', 'rechazada', 'digitalizada'].includes(a.state)) continue;
      a.conflictFrom = a.state;
      a.state = 'en_conflicto';
      a.conflictWith = null;
      this.counts.lateConflicts++;
      conflicted.push(a);
    }
    return conflicted;
  }

  /** A catalogue replaces the one before: actas not yet verified are checked again. */
  loadCatalogue(keys: Set<number>): void {
    this.catalogue = keys;
    this.counts.catalogueLoads++;
    for (const a of this.order)
      if (
        ['recibida', 'rechazada', 'digitalizada', 'en_conflicto'].includes(a.state) &&
        a.catalogue !== 'accepted'
      )
        a.catalogue = keys.has(a.key) ? 'in' : 'out';
  }

  faultAllowed(): boolean {
    return this.steps - this.lastFault >= FAULT_SPACING;
  }

  /** After every step: what is queued and not held is on its way while the central is up. */
  exposeIfSendable(viaMedia = false): void {
    if (!this.centralUp && !viaMedia) return;
    for (const a of this.order) if (a.state === 'queued' && !a.held) a.exposed = true;
  }

  /** Records that must end acknowledged at the station and counted once at the central. */
  mustBeCounted(): ModelActa[] {
    return this.order.filter((a) => a.state === 'queued');
  }

  /** The manifest resolution the station signs for this record. */
  resolutionOf(a: ModelActa): 'replace' | 'keep_both' | null {
    return a.supersedes !== null ? 'replace' : a.record > 1 ? 'keep_both' : null;
  }

  describe(a: ModelActa | undefined): string {
    return a ? `a${a.n}` : '-';
  }
}
