import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/messages/translate';

describe('translate', () => {
  it('gives the Spanish text of a key, with the detail after ":" in parentheses', () => {
    expect(translate('status.link.offline')).toBe('Sin conexión');
    expect(translate('link.error.unreachable:ECONNREFUSED')).toMatch(/^No se alcanza .*\(ECONNREFUSED\)$/);
  });
  it('fills {{vars}} and switches to English', () => {
    expect(translate('home.welcome', { name: 'Ana' })).toBe('Sesión de Ana');
    expect(translate('home.welcome', { name: 'Ana' }, 'en')).toBe('Session of Ana');
  });
  it('says "1 equipo" and "2 equipos" (the plural the count asks for, never "(s)")', () => {
    expect(translate('doctor.problems', { count: 1 })).toMatch(/^1 equipo con falla/);
    expect(translate('doctor.problems', { count: 2 })).toMatch(/^2 equipos con falla/);
    expect(translate('doctor.problems', { count: 1 }, 'en')).toMatch(/^1 device in fault/);
    expect(translate('doctor.problems', { count: 3 }, 'en')).toMatch(/^3 devices in fault/);
  });
  it('returns an unknown key as it is, never an empty line', () => {
    expect(translate('no.such.key')).toBe('no.such.key');
  });
});
