// Message keys to text outside React (the `catd` command's output, exported reports). The
// renderer uses i18next over the same catalogues; this is the same lookup without it.
import { esMX } from './es-MX';
import { en } from './en';
import type { Language } from '../domain';

const CATALOGUES: Record<Language, unknown> = { 'es-MX': esMX, en };

function lookup(catalogue: unknown, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * Text for a message key, with {{name}} filled from vars (and "_one"/"_other" chosen by count). A key may carry a detail after ':'
 * (`link.error.unreachable:ECONNREFUSED`): the detail is shown in parentheses. Unknown keys are
 * returned as they are, so nothing is ever hidden.
 */
export function translate(
  key: string,
  vars: Record<string, string | number> = {},
  lang: Language = 'es-MX',
): string {
  const sep = key.indexOf(':');
  const base = sep === -1 ? key : key.slice(0, sep);
  const detail = sep === -1 ? '' : key.slice(sep + 1);
  // i18next's plural keys (key_one, key_other) picked by the language's rules for vars.count.
  const plural = typeof vars.count === 'number' ? new Intl.PluralRules(lang).select(vars.count) : null;
  const find = (catalogue: unknown) =>
    (plural && (lookup(catalogue, `${base}_${plural}`) ?? lookup(catalogue, `${base}_other`))) ||
    lookup(catalogue, base);
  const text = find(CATALOGUES[lang]) ?? find(CATALOGUES['es-MX']);
  if (!text) return key;
  const filled = text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(vars[name] ?? detail));
  return detail && !text.includes('{{') ? `${filled} (${detail})` : filled;
}
