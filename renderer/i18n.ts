// i18next with the two catalogues from shared/messages: es-MX by default, English switchable.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { esMX } from '../shared/messages/es-MX';
import { en } from '../shared/messages/en';
import type { Language } from '../shared/domain';
import { formatTime } from './intl';

void i18next.use(initReactI18next).init({
  resources: { 'es-MX': { translation: esMX }, en: { translation: en } },
  lng: 'es-MX',
  fallbackLng: 'es-MX',
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

export function setLanguage(lang: Language): void {
  if (i18next.language !== lang) void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/**
 * The core's errors carry a message key, optionally followed by ":detail" (e.g. the lockout end).
 * Unknown keys and transport failures become a plain sentence: never a stack trace on screen.
 */
export function errorText(
  t: (key: string, opts?: Record<string, string>) => string,
  message: string,
): string {
  const [key = '', detail = ''] = message.split(/:(.*)/s, 2);
  if (key === 'login.error.locked') {
    const until = new Date(detail);
    return t(key, { until: Number.isNaN(until.getTime()) ? detail : formatTime(until, { seconds: false }) });
  }
  // A PIN below the role's minimum: the core names the minimum ("console.error.pinTooShort:6").
  if (key.endsWith('.pinTooShort') && i18next.exists(key)) return t(key, { digits: detail });
  if (/^[a-zA-Z]+(\.[a-zA-Z]+)+$/.test(key) && i18next.exists(key)) return t(key);
  if (/fetch|network/i.test(message)) return t('error.network');
  return t('error.internal');
}

export default i18next;
