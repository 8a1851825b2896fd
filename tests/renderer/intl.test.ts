// The screens' one formatting helper: the same instant reads "03/12/2026 23:05" in both languages
// (dd/mm/aaaa, 24-hour clock, never "11:05 PM"), numbers group as the UI's language groups them,
// and the lockout reads "5 min 08 s", not a clock face.
import { afterEach, expect, it } from 'vitest';
import i18next from '../../renderer/i18n';
import { formatDate, formatDateTime, formatDuration, formatNumber, formatTime } from '../../renderer/intl';

afterEach(async () => {
  await i18next.changeLanguage('es-MX');
});

const lateEvening = new Date(2026, 11, 3, 23, 5, 9); // local time, as the station shows it

it('writes dates dd/mm/aaaa and times on the 24-hour clock in Spanish and in English', async () => {
  expect(formatDateTime(lateEvening)).toBe('03/12/2026 23:05:09');
  await i18next.changeLanguage('en');
  expect(formatDate(lateEvening)).toBe('03/12/2026');
  expect(formatTime(lateEvening, { seconds: false })).toBe('23:05');
});

it('groups numbers in the UI’s language', async () => {
  expect(formatNumber(1234567)).toBe('1,234,567');
  await i18next.changeLanguage('en');
  expect(formatNumber(1234.5, 1)).toBe('1,234.5');
});

it('says a duration in words', () => {
  expect(formatDuration(308)).toBe('5 min 08 s');
  expect(formatDuration(42)).toBe('42 s');
  expect(formatDuration(3900)).toBe('1 h 05 min');
});
