// A station started with the README's command and an operator signed in at its screen, for the
// tests of one file; stopped after them. Also the acta key those tests receive.
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openAsOperator, type StationBrowser } from './browser';
import { startApp, type AppProcess } from './app-process';
import type { ActaKey } from '../../shared/acta-key';

/** A valid key (its label: PREP|2024|DIP|01|09|3068|C|8|4). */
export const SAMPLE_KEY: ActaKey = {
  year: 2024,
  election: 'DIP',
  entidad: '01',
  distrito: '09',
  seccion: '3068',
  casillaType: 'C',
  casillaNumber: 8,
};

export interface OperatorStation {
  station: AppProcess;
  browser: StationBrowser;
  page: Page;
}

/** Filled in by beforeAll: read its fields inside the tests, not at module level. */
export function operatorStation(config?: object): OperatorStation {
  const s = {} as OperatorStation;
  beforeAll(async () => {
    s.station = await startApp(config ? { config } : {});
    Object.assign(s, await openAsOperator(s.station));
  }, 60_000);
  afterAll(async () => {
    await s.browser?.close();
    await s.station?.stop();
  });
  return s;
}
