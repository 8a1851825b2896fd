// eSCL tests: a simulator on 127.0.0.1 with a free port and a driver pointed at it; both are
// stopped after each test.
import { afterEach } from 'vitest';
import { EsclScanner, type EsclScannerOptions } from '../../../../electron/capture/scanners/escl/escl-driver';
import { startEsclSimulator, type EsclSimOptions, type EsclSimulator } from '../../../../sim/escl/server';
import { createMemoryLogger } from '../../../../electron/platform/logger';
import { clock } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export async function esclPair(
  sim: EsclSimOptions = {},
  driver: Partial<EsclScannerOptions> & { documentFormat?: 'image/jpeg' | 'image/png' } = {},
): Promise<{ sim: EsclSimulator; scanner: EsclScanner; log: ReturnType<typeof createMemoryLogger> }> {
  const s = await startEsclSimulator(sim);
  cleanups.push(() => s.close());
  const log = createMemoryLogger();
  const scanner = new EsclScanner(
    { url: s.url, documentFormat: driver.documentFormat ?? 'image/png' },
    { clock, log, ...driver },
  );
  cleanups.push(() => scanner.stop());
  return { sim: s, scanner, log };
}
