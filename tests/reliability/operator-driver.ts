// An operator who never stops: receives actas, scans them (rescanning what the gate rejects),
// verifies them, and after each restart picks up whatever was left half-done. With a supervisor
// beside them (supervisor-desk.ts), now and then (seeded) an acta arrives whose key already has a
// record, and the supervisor resolves the conflict (replace, keep both, keep the existing), holds
// a freshly queued acta and later releases or annuls it, or annuls one not yet sent. It remembers
// what the core confirmed per acta record, so the harness can check that nothing confirmed is lost.
import { formatActaKeyLabel, parseActaKey, type ActaKey } from '../../shared/acta-key';
import type { ActaState } from '../../shared/workflow';
import type { StationClient } from './station-client';
import type { Resolution, SupervisorDesk } from './supervisor-desk';
import type { ActaView } from '../helpers/acta-flow';

/** How far along its life an acta is; a restart must never move one backwards. */
export const STATE_RANK: Record<ActaState, number> = {
  recibida: 0,
  rechazada: 1,
  digitalizada: 2,
  verificada: 3,
  en_cola: 4,
  transmitida: 5,
  acusada: 6,
  en_conflicto: -1,
  anulada: -1,
};
const UNFINISHED: ActaState[] = ['recibida', 'rechazada', 'digitalizada'];
/** After a refusal (scanner unplugged, feeder empty...) the operator waits this long before retrying. */
export const REFUSAL_PAUSE_MS = 300;
/**
 * With a supervisor: every this many receives brings a key already recorded (a conflict). Counted,
 * not drawn, so even the short run of `npm test` always has conflicts to resolve.
 */
export const CONFLICT_EVERY = 4;
/** With a supervisor: the share of verified actas held as soon as they enter the queue. */
export const HOLD_RATE = 0.2;
/** With a supervisor: the share of held actas annulled rather than released. */
export const ANNUL_HELD_RATE = 0.3;
/** With a supervisor: the share of unfinished actas annulled before they are queued. */
export const ANNUL_UNSENT_RATE = 0.03;
const RESOLUTIONS: readonly Resolution[] = ['replace', 'keep_both', 'keep_existing'];

/** An acta as actas.list shows it (the same view the RPC-driven tests use). */
type ListedActa = ActaView;

export interface DriverCounts {
  received: number;
  scans: number;
  rejectedScans: number;
  verified: number;
  /** Receives that found the key already recorded and created an acta en_conflicto. */
  conflicts: number;
  refusals: number;
  /** Time spent inside scan calls (what the operator waits for). */
  scanMs: number;
}

export class OperatorDriver {
  /** actaId → the furthest state the core confirmed to this operator (anulada is final). */
  readonly confirmed = new Map<number, ActaState>();
  readonly counts: DriverCounts = {
    received: 0,
    scans: 0,
    rejectedScans: 0,
    verified: 0,
    conflicts: 0,
    refusals: 0,
    scanMs: 0,
  };
  /** What the core answered when it refused or failed a step, by message key. */
  readonly refusalReasons = new Map<string, number>();
  /** Why the gate rejected pages, by reason code (the simulated defects, at their rate). */
  readonly gateReasons = new Map<string, number>();
  private seq = 0;
  /** Keys received so far (labels), from which a conflict's key is drawn. */
  private readonly keysUsed: string[] = [];
  /** The acta on the scanner now: a simulated scanner outside the core prints its key. */
  scanning: ActaKey | undefined;
  /** Grows with every state change the core confirmed (the campaign watches for starved lives). */
  progress = 0;
  /** Set for the drain: no new work or holds; conflicts are resolved and holds released. */
  finishing = false;

  /** Fresh keys differ by sección and casilla; a conflict reuses one (only with a supervisor). */
  constructor(
    private readonly seed: number,
    /** The operator puts the acta's sheet in the feeder (a scanner outside the core). */
    private readonly loadFeeder: () => void = () => {},
    readonly supervisor: SupervisorDesk | null = null,
    /** Seeded draws for the supervisor's choices (a failing campaign replays from its seed). */
    private readonly random: () => number = Math.random,
  ) {}

  nextKey(): ActaKey {
    const n = this.seq++;
    return {
      year: 2024,
      election: ['PRES', 'SEN', 'DIP'][n % 3]!,
      entidad: String(1 + (this.seed % 32)).padStart(2, '0'),
      distrito: String(1 + (Math.floor(n / 3) % 20)).padStart(2, '0'),
      seccion: String(1 + (Math.floor(n / 60) % 9999)).padStart(4, '0'),
      casillaType: 'B',
      casillaNumber: 1 + (Math.floor(n / 599_940) % 99),
    };
  }

  /** Whether anything is left for the operator or the supervisor to finish (for the drain). */
  async openWork(client: StationClient): Promise<boolean> {
    const open = await client.must('query', 'actas.list', {
      states: this.supervisor ? [...UNFINISHED, 'en_conflicto'] : UNFINISHED,
      limit: 1,
    });
    return open.total > 0 || (this.supervisor !== null && (await this.heldActa(client)) !== undefined);
  }

  /**
   * One unit of work: the supervisor's decision if one waits (a conflict, a held acta), else
   * advance an unfinished acta, else receive a new one.
   */
  async step(client: StationClient): Promise<void> {
    if (this.supervisor && (await this.supervise(client, this.supervisor))) return;
    const list = await client.must('query', 'actas.list', { states: UNFINISHED, limit: 5 });
    const acta = list.actas[0] as ListedActa | undefined;
    if (!acta) {
      if (!this.finishing) await this.receive(client);
      return;
    }
    this.note(acta.id, acta.state);
    const ref = { actaId: acta.id, version: acta.version };
    if (this.supervisor && !this.finishing && this.random() < ANNUL_UNSENT_RATE) {
      const d = await this.supervisor.decide(client, 'annul', acta);
      if (d) this.note(acta.id, d.state);
      return;
    }
    if (acta.state === 'digitalizada') {
      let a = await client.mutation('actas.verify', ref);
      if (!a.ok && a.message.includes('identification')) {
        // No page's QR was read: the operator types the key twice, as the screen asks.
        const text = acta.keyLabel;
        a = await client.mutation('actas.verify', { ...ref, typedKey: { text, confirm: text } });
      }
      if (!a.ok) {
        this.refused(a.message);
        await new Promise((r) => setTimeout(r, REFUSAL_PAUSE_MS));
        return;
      }
      this.counts.verified++;
      this.note(acta.id, a.data.state as ActaState);
      // The supervisor stops it in the queue: a race with the transmitter, which may win.
      if (this.supervisor && !this.finishing && a.data.state === 'en_cola' && this.random() < HOLD_RATE)
        await this.supervisor.decide(client, 'hold', a.data as ListedActa);
      return;
    }
    const parsed = parseActaKey(acta.keyLabel);
    this.scanning = parsed.ok ? parsed.key : undefined;
    this.loadFeeder();
    const t0 = performance.now();
    const s = await client.mutation('actas.scan', ref);
    this.counts.scanMs += performance.now() - t0;
    this.counts.scans++;
    if (!s.ok || s.data.kind === 'fault') {
      this.refused(s.ok ? String(s.data.error) : s.message);
      await new Promise((r) => setTimeout(r, REFUSAL_PAUSE_MS));
      return;
    }
    if (s.data.kind === 'rechazada') {
      this.counts.rejectedScans++;
      for (const p of s.data.pages as Array<{ reasons: Array<{ code: string; severity?: string }> }>)
        for (const r of p.reasons) this.gateReasons.set(r.code, (this.gateReasons.get(r.code) ?? 0) + 1);
    }
    this.note(acta.id, s.data.acta.state as ActaState);
  }

  /** The supervisor's turn: a conflict to resolve, or a held acta to release or annul. */
  private async supervise(client: StationClient, desk: SupervisorDesk): Promise<boolean> {
    const c = await client.must('query', 'actas.list', { states: ['en_conflicto'], limit: 1 });
    const conflict = c.actas[0] as ListedActa | undefined;
    if (conflict) {
      const kind = RESOLUTIONS[Math.floor(this.random() * RESOLUTIONS.length)]!;
      const d = await desk.decide(client, kind, conflict);
      if (d) {
        this.note(conflict.id, d.state);
        if (d.existing) this.note(d.existing.id, d.existing.state);
      }
      return true;
    }
    const held = await this.heldActa(client);
    if (!held || (!this.finishing && this.random() < 0.5)) return false;
    const kind = !this.finishing && this.random() < ANNUL_HELD_RATE ? 'annul' : 'release';
    const d = await desk.decide(client, kind, held);
    if (d) this.note(held.id, d.state);
    return true;
  }

  private async heldActa(client: StationClient): Promise<ListedActa | undefined> {
    const q = await client.must('query', 'actas.list', { states: ['en_cola'], limit: 100 });
    return (q.actas as ListedActa[]).find((a) => a.held);
  }

  private async receive(client: StationClient): Promise<void> {
    const again =
      this.supervisor !== null &&
      this.keysUsed.length > 0 &&
      this.counts.received % CONFLICT_EVERY === CONFLICT_EVERY - 1;
    const keyText = again
      ? this.keysUsed[Math.floor(this.random() * this.keysUsed.length)]!
      : formatActaKeyLabel(this.nextKey());
    const a = await client.mutation('actas.receive', { keyText, source: 'reader' });
    if (!a.ok) throw new Error(`receive refused: ${a.status} ${a.message}`);
    if (!again) this.keysUsed.push(keyText);
    this.counts.received++;
    if (a.data.outcome === 'conflict') this.counts.conflicts++;
    this.note(a.data.acta.id, a.data.acta.state as ActaState);
  }

  private refused(reason: string): void {
    this.counts.refusals++;
    this.refusalReasons.set(reason, (this.refusalReasons.get(reason) ?? 0) + 1);
  }

  private note(actaId: number, state: ActaState): void {
    const before = this.confirmed.get(actaId);
    if (before === 'anulada') return;
    if (before === undefined || state === 'anulada' || STATE_RANK[state] > STATE_RANK[before]) {
      this.confirmed.set(actaId, state);
      this.progress++;
    }
  }
}
