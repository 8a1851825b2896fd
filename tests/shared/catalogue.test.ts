import { describe, expect, it } from 'vitest';
import type { ActaKey } from '../../shared/acta-key';
import { parseCatalogueCsv } from '../../shared/catalogue';

const key = (over: Partial<ActaKey> = {}): ActaKey => ({
  year: 2024,
  election: 'PRES',
  entidad: '09',
  distrito: '05',
  seccion: '1234',
  casillaType: 'B',
  casillaNumber: 1,
  ...over,
});

describe('CATD catalogue CSV', () => {
  it('finds an expected casilla and says "fuera de catálogo" for any other', () => {
    const r = parseCatalogueCsv('entidad,distrito,seccion,tipo,numero\r\n9,5,1234,B,1\n09,05,1234,C,2\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.catalogue.size).toBe(2);
    expect(r.catalogue.lookup(key()).ok).toBe(true);
    expect(r.catalogue.lookup(key({ casillaType: 'C', casillaNumber: 2 })).ok).toBe(true);
    expect(r.catalogue.lookup(key({ seccion: '1235' }))).toEqual({
      ok: false,
      error: 'outOfCatalogue',
      messageKey: 'catalogue.outOfCatalogue',
    });
  });

  it('honours the optional election column (blank = every election)', () => {
    const r = parseCatalogueCsv(
      'Entidad,Distrito,Sección,Tipo,Número,Elección\n09,05,1234,B,1,SEN\n09,05,1234,C,1,\n'.replace(
        'Número',
        'numero',
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.catalogue.lookup(key({ election: 'SEN' })).ok).toBe(true);
    expect(r.catalogue.lookup(key({ election: 'PRES' })).ok).toBe(false);
    expect(r.catalogue.lookup(key({ casillaType: 'C', election: 'DIP' })).ok).toBe(true);
  });

  it('reports every bad line with its number and what is wrong', () => {
    const csv = [
      'entidad,distrito,seccion,tipo,numero',
      '09,05,1234,B,1',
      '33,05,1234,B,1',
      '09,00,1234,B,1',
      '09,05,12345,B,1',
      '09,05,1234,X,1',
      '09,05,1234,B,0',
      '09,05,1234',
      '09,05,1234,B,1',
    ].join('\n');
    const r = parseCatalogueCsv(csv);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'entidad'],
      [4, 'distrito'],
      [5, 'seccion'],
      [6, 'tipo'],
      [7, 'numero'],
      [8, 'columns'],
      [9, 'duplicate'],
    ]);
    expect(r.errors[0]!.messageKey).toBe('catalogue.error.entidad');
  });

  it('refuses a wrong header and an empty file', () => {
    expect(parseCatalogueCsv('estado,distrito,seccion,tipo,numero\n09,05,1234,B,1')).toMatchObject({
      ok: false,
      errors: [{ line: 1, code: 'header' }],
    });
    expect(parseCatalogueCsv('\n\n')).toMatchObject({ ok: false, errors: [{ code: 'empty' }] });
    expect(parseCatalogueCsv('entidad,distrito,seccion,tipo,numero\n')).toMatchObject({
      ok: false,
      errors: [{ code: 'empty' }],
    });
  });
});
