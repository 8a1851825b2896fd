// CATD_PG_POOL, an operator's setting: 8 when unset, a whole number from 1 to 64, anything else
// refused with the variable's name and the value given.
import { describe, expect, it } from 'vitest';
import { pgPoolSize } from '../../central/db';

describe('CATD_PG_POOL', () => {
  it('is 8 unset, and takes 1 to 64', () => {
    expect(pgPoolSize(undefined)).toBe(8);
    expect(pgPoolSize('')).toBe(8);
    expect(pgPoolSize('4')).toBe(4);
    expect(pgPoolSize('64')).toBe(64);
  });
  it('refuses anything else, saying what it got', () => {
    for (const bad of ['0', '65', '2.5', 'ocho', '-1'])
      expect(() => pgPoolSize(bad)).toThrow(`CATD_PG_POOL debe ser un entero de 1 a 64 (recibido: «${bad}»)`);
  });
});
