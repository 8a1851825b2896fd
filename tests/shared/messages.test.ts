// Every word the screen can show exists in both languages.
import { describe, expect, it } from 'vitest';
import { esMX } from '../../shared/messages/es-MX';
import { en } from '../../shared/messages/en';
import { LINK_STATES, PLANT_STATES, SCANNER_STATES, STORAGE_STATES, UPS_STATES } from '../../shared/domain';

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
    for (const s of [...SCANNER_STATES, ...UPS_STATES, ...PLANT_STATES, ...STORAGE_STATES]) {
      expect(esMX.status.device[s], s).toBeTruthy();
      expect(en.status.device[s], s).toBeTruthy();
    }
    for (const s of LINK_STATES) expect(esMX.status.link[s], s).toBeTruthy();
  });

  it('explains every way an acta key can be wrong, in both languages', async () => {
    const { parseActaKey } = await import('../../shared/acta-key');
    for (const text of ['', 'x', 'XREP|2024|PRES|09|05|1234|B|1|8', 'PREP|2024|PRES|09|05|1234|B|1|7']) {
      const r = parseActaKey(text);
      if (r.ok) throw new Error('expected an error');
      const [, , name] = r.error.split('.') as [string, string, keyof typeof esMX.actaKey.error];
      expect(esMX.actaKey.error[name], r.error).toBeTruthy();
      expect(en.actaKey.error[name], r.error).toBeTruthy();
    }
  });

  it('says "Sin conexión" for an offline link, in Spanish by default', () => {
    expect(esMX.status.link.offline).toBe('Sin conexión');
  });
});

describe('capability catalogues', () => {
  it('never overwrite each other when merged (each owns its top-level keys)', async () => {
    const areas = await Promise.all(
      ['scanner', 'plant', 'readers', 'ups', 'quality', 'transmit', 'workflow', 'storage'].map(async (f) => {
        const mod = (await import(`../../shared/messages/${f}.ts`)) as Record<string, object>;
        return Object.keys(Object.values(mod).find((v) => typeof v === 'object')!);
      }),
    );
    const core = [
      'app',
      'login',
      'auth',
      'error',
      'home',
      'supervisor',
      'update',
      'power',
      'doctor',
      'status',
      'link',
    ];
    const all = [...core, ...areas.flat()];
    expect(all.length).toBe(new Set(all).size);
  });
});
