// An operator who never stops: receives actas with fresh keys, scans them (rescanning what the gate
// rejects), verifies them, and after each restart picks up whatever was left half-done. It
// remembers what the core confirmed, so the harness can check that nothing confirmed is lost.
import { formatActaKeyLabel, actaKeyId, parseActaKey, type ActaKey } from '../../shared/acta-key';
import type { ActaState } from '../../shared/workflow';
import type { StationClient } from './station-client';

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

export interface DriverCounts {
  received: number;
  scans: number;
  rejectedScans: number;
  verified: number;
  refusals: number;
  /** Time spent inside scan calls (what the operator waits for). */
  scanMs: number;
}

export class OperatorDriver {
  /** keyId → the furthest state the core confirmed to this operator. */
  readonly confirmed = new Map<string, ActaState>();
  readonly counts: DriverCounts = {
    received: 0,
    scans: 0,
    rejectedScans: 0,
    verified: 0,
    refusals: 0,
    scanMs: 0,
  };
  /** What the core answered when it refused or failed a step, by message key. */
  readonly refusalReasons = new Map<string, number>();
  /** Why the gate rejected pages, by reason code (the simulated defects, at their rate). */
  readonly gateReasons = new Map<string, number>();
  private seq = 0;
  /** The acta on the scanner now: a simulated scanner outside the core prints its key. */
  scanning: ActaKey | undefined;

  /** Keys differ by sección and casilla, so every receive is a new acta, never a conflict. */
  constructor(
    private readonly seed: number,
    /** The operator puts the acta's sheet in the feeder (a scanner outside the core). */
    private readonly loadFeeder: () => void = () => {},
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

  /** One unit of work: advance an unfinished acta, or receive a new one. */
  async step(client: StationClient): Promise<void> {
    const list = await client.must('query', 'actas.list', { states: UNFINISHED, limit: 5 });
    const acta = list.actas[0] as
      { id: number; keyId: string; keyLabel: string; state: ActaState; version: number } | undefined;
    if (!acta) return this.receive(client);
    this.note(acta.keyId, acta.state);
    const ref = { actaId: acta.id, version: acta.version };
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
      this.note(acta.keyId, a.data.state as ActaState);
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
    this.note(acta.keyId, s.data.acta.state as ActaState);
  }

  private async receive(client: StationClient): Promise<void> {
    const key = this.nextKey();
    const a = await client.mutation('actas.receive', { keyText: formatActaKeyLabel(key), source: 'reader' });
    if (!a.ok) throw new Error(`receive refused: ${a.status} ${a.message}`);
    this.counts.received++;
    this.note(actaKeyId(key), a.data.state as ActaState);
  }

  private refused(reason: string): void {
    this.counts.refusals++;
    this.refusalReasons.set(reason, (this.refusalReasons.get(reason) ?? 0) + 1);
  }

  private note(keyId: string, state: ActaState): void {
    const before = this.confirmed.get(keyId);
    if (before === undefined || STATE_RANK[state] > STATE_RANK[before]) this.confirmed.set(keyId, state);
  }
}
