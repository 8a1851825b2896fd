// The acta both acopio label e2e tests (ZPL and CUPS) receive and read back from their labels.
import type { ActaKey } from '../../shared/acta-key';

export const LABEL_E2E_KEY: ActaKey = {
  year: 2024,
  election: 'PRES',
  entidad: '09',
  distrito: '05',
  seccion: '0321',
  casillaType: 'C',
  casillaNumber: 2,
};
