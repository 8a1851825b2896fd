// Small shared pieces of the operator screens: the stamped time as the acta shows it, and the
// state badge (colour, symbol AND word: colour alone is never the signal).
import { useTranslation } from 'react-i18next';
import type { ActaState, StampedTime } from '../../shared/workflow';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "UTC−06:00": the offset a stamp was taken in. */
export function formatOffset(offsetMinutes: number): string {
  const off = Math.abs(offsetMinutes);
  return `UTC${offsetMinutes < 0 ? '−' : '+'}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

/** "dd/mm/yyyy hh:mm:ss", local to the offset the station had when it was stamped. */
export function formatLocalStamp(s: StampedTime): string {
  const local = new Date(Date.parse(s.utc) + s.offsetMinutes * 60_000);
  return (
    `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
  );
}

/** "dd/mm/yyyy hh:mm:ss UTC−06:00" in the offset the station had when it was stamped. */
export function formatStamp(s: StampedTime): string {
  return `${formatLocalStamp(s)} ${formatOffset(s.offsetMinutes)}`;
}

/** "21:14": the hour and minute another station stamped, on its own clock's offset. */
export function formatStampTime(s: { receivedAt: string; offsetMinutes: number }): string {
  const local = new Date(Date.parse(s.receivedAt) + s.offsetMinutes * 60_000);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

const STATE_LOOK: Record<ActaState, { tone: string; symbol: string }> = {
  recibida: { tone: 'unknown', symbol: '●' },
  digitalizada: { tone: 'progress', symbol: '▣' },
  verificada: { tone: 'progress', symbol: '✓' },
  en_cola: { tone: 'progress', symbol: '⇢' },
  transmitida: { tone: 'progress', symbol: '⇡' },
  acusada: { tone: 'ok', symbol: '✓✓' },
  rechazada: { tone: 'fault', symbol: '✕' },
  en_conflicto: { tone: 'warning', symbol: '!' },
  anulada: { tone: 'unknown', symbol: '—' },
};

export function StateBadge({ state }: { state: ActaState }) {
  const { t } = useTranslation();
  const look = STATE_LOOK[state];
  return (
    <span className={`state-badge tone-${look.tone}`} data-state={state}>
      <span aria-hidden="true">{look.symbol}</span> {t(`workflow.state.${state}`)}
    </span>
  );
}

/** A scan is allowed in these states (F8 wherever one is shown: acopio, cola, verificación, digitalización). */
export function scannable(acta: { state: ActaState; scanning?: boolean }): boolean {
  return (acta.state === 'recibida' || acta.state === 'rechazada') && !acta.scanning;
}

/** Message of a failed call (never a stack trace). */
export function errorMessage(err: unknown): string {
  return err && typeof err === 'object' && 'message' in err ? String((err as Error).message) : '';
}

/** True when the key event comes from a text field (letters must type, not trigger actions). */
export function fromTextField(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');
}
