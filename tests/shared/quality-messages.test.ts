import { describe, expect, it } from 'vitest';
import { QUALITY_ERROR_CODES, QUALITY_REASON_CODES } from '../../electron/capture/quality';
import { enQuality, esMXQuality } from '../../shared/messages/quality';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('quality messages', () => {
  it('have the same keys in es-MX and English', () => {
    expect(keys(enQuality).sort()).toEqual(keys(esMXQuality).sort());
  });
  it('have a text, with the action to take, for every reason and error code', () => {
    for (const c of QUALITY_REASON_CODES) expect(esMXQuality.quality.reason[c], c).toMatch(/—/);
    for (const c of QUALITY_ERROR_CODES) expect(esMXQuality.quality.error[c], c).toBeTruthy();
    expect(esMXQuality.quality.reason.cutOffBottom).toBe(
      'Cortada en el borde inferior — centre la hoja y vuelva a escanear',
    );
  });
});
