// The Tablero counts casillas, not records: three elections' actas of one casilla, a replaced
// record or a key outside the catalogue never make "Recibidas" pass the catalogue's count, and
// the casillas no acta has reached yet are listed by name.
import { expect, it } from 'vitest';
import { digitise, key, receive, station, supervisor } from './fixture';
import type { ActaKey } from '../../../shared/acta-key';

const CSV = ['entidad,distrito,seccion,tipo,numero', '9,5,1,B,1', '9,5,2,B,1', '9,5,3,C,2'].join('\n');
const of = (k: ActaKey, election: string): ActaKey => ({ ...k, election });

it('counts each catalogue casilla once, at its least advanced acta, and lists the missing ones', () => {
  const s = station();
  s.wf.loadCatalogue(CSV, 'catálogo del distrito 05', supervisor);
  // Casilla 0001 B1: three actas (PRES, SEN, DIP); only PRES is digitised.
  const pres = receive(s, of(key(1), 'PRES')).acta;
  receive(s, of(key(1), 'SEN'));
  receive(s, of(key(1), 'DIP'));
  digitise(s, pres.id);
  // A key outside the catalogue: received, counted apart.
  receive(s, key(99));

  const d = s.wf.dashboard();
  expect(d).toMatchObject({ expected: 3, received: 1, digitised: 0, outOfCatalogue: 1, missingTotal: 2 });
  expect(d.missing).toEqual(['09-05 · 0002 B1', '09-05 · 0003 C2']);
  expect(d.received).toBeLessThanOrEqual(d.expected);
});

it('without a catalogue, counts casillas seen (elections of one casilla are one)', () => {
  const s = station();
  receive(s, of(key(1), 'PRES'));
  receive(s, of(key(1), 'SEN'));
  receive(s, key(2));
  expect(s.wf.dashboard()).toMatchObject({ expected: 0, received: 2, missingTotal: 0, missing: [] });
});
