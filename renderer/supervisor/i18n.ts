// Texts the console shows from other catalogues: the workflow's (states, refusals) until the
// integrator merges them into es-MX/en. Added without overwriting anything already there.
import i18next from 'i18next';
import { esMXWorkflow, enWorkflow } from '../../shared/messages/workflow';

i18next.addResourceBundle('es-MX', 'translation', esMXWorkflow, true, false);
i18next.addResourceBundle('en', 'translation', enWorkflow, true, false);

/** "dd/mm/yyyy hh:mm:ss −06:00": the station's wall time then, with its offset. */
export function formatStamped(utc: string, offsetMinutes: number): string {
  const d = new Date(Date.parse(utc) + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '−' : '+';
  const off = Math.abs(offsetMinutes);
  return (
    `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${sign}${p(Math.floor(off / 60))}:${p(off % 60)}`
  );
}
