// The one place the screens turn dates, times, numbers and durations into text, in the UI's
// language (Intl with i18next's current language, never a hard-coded 'es-MX'): dates always
// dd/mm/aaaa (the PREP's form, in English too), times on the 24-hour clock, numbers grouped as the
// language groups them, durations in words ("5 min 08 s", not "5:08", which reads as a time).
import i18next from 'i18next';

function language(): string {
  return i18next.language || 'es-MX';
}

type When = Date | string | number;

function parts(when: When, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const date = when instanceof Date ? when : new Date(when);
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat(language(), options).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** "03/12/2026" in the station's time zone. */
export function formatDate(when: When): string {
  const p = parts(when, { day: '2-digit', month: '2-digit', year: 'numeric' });
  return `${p.day}/${p.month}/${p.year}`;
}

/** "23:05:09" (or "23:05" without seconds), 24-hour clock in every language. */
export function formatTime(when: When, opts: { seconds?: boolean } = {}): string {
  const seconds = opts.seconds ?? true;
  const p = parts(when, {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  });
  return seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** "03/12/2026 23:05". */
export function formatDateTime(when: When, opts: { seconds?: boolean } = {}): string {
  return `${formatDate(when)} ${formatTime(when, opts)}`;
}

/** "1,234" / "1,234.5" as the UI's language writes numbers. */
export function formatNumber(n: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(language(), { maximumFractionDigits }).format(n);
}

/** "5 min 08 s", "42 s", "1 h 05 min": a span of time in words. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s >= 3600)
    return i18next.t('duration.hoursMinutes', {
      h: Math.floor(s / 3600),
      m: pad(Math.floor((s % 3600) / 60)),
    });
  if (s >= 60) return i18next.t('duration.minutesSeconds', { m: Math.floor(s / 60), s: pad(s % 60) });
  return i18next.t('duration.seconds', { s });
}
