// Fresh casilla keys for tests that share a station or a central across cases: each call gives
// the label of the next sección from `first` (PRES, 09-05, básica 1).
import { formatActaKeyLabel } from '../../shared/acta-key';

export function casillaKeys(first: number): () => string {
  let seccion = first;
  return () =>
    formatActaKeyLabel({
      year: 2024,
      election: 'PRES',
      entidad: '09',
      distrito: '05',
      seccion: String(seccion++).padStart(4, '0'),
      casillaType: 'B',
      casillaNumber: 1,
    });
}
