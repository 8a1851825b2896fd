// Every word the screen can show exists in both languages.
import { describe, expect, it } from 'vitest';
import { esMX } from '../../shared/messages/es-MX';
import { en } from '../../shared/messages/en';
import { LINK_STATES, PLANT_STATES, SCANNER_STATES, UPS_STATES } from '../../shared/domain';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('message catalogues', () => {
  it('have the same keys in es-MX and English', () => {
    expect(keys(en).sort()).toEqual(keys(esMX).sort());
  });

  it('name every device and link state in both languages', () => {
    for (const s of [...SCANNER_STATES, ...UPS_STATES, ...PLANT_STATES]) {
      expect(esMX.status.device[s], s).toBeTruthy();
      expect(en.status.device[s], s).toBeTruthy();
    }
    for (const s of LINK_STATES) expect(esMX.status.link[s], s).toBeTruthy();
  });

  it('says "Sin conexión" for an offline link, in Spanish by default', () => {
    expect(esMX.status.link.offline).toBe('Sin conexión');
  });
});
