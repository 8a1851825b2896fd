// Stations of one CATD (01-09) for the CATD-wide acopio tests: three keys of its catalogue and a
// station's config file.
import fs from 'node:fs';
import path from 'node:path';
import { formatActaKeyLabel, type ActaKey } from '../../shared/acta-key';
import { startCore, type Core } from '../../electron/app/core';
import { createMemoryLogger } from '../../electron/platform/logger';
import { cookieAs } from './procedures';
import { rpc } from './core';
import { SAMPLE_KEY } from './operator-station';

export const CATD_DISTRICT = '01-09';
export const K1: ActaKey = SAMPLE_KEY;
export const K2: ActaKey = { ...SAMPLE_KEY, seccion: '3069' };
export const K3: ActaKey = { ...SAMPLE_KEY, seccion: '3070' };
/** The CATD's catalogue: K1, K2 and K3. */
export const CATD_CATALOGUE =
  'entidad,distrito,seccion,tipo,numero\n' +
  [K1, K2, K3]
    .map((k) => `${k.entidad},${k.distrito},${k.seccion},${k.casillaType},${k.casillaNumber}`)
    .join('\n');

/** Station n of the CATD ("Estación n"), its data folder made with its config. */
export function writeCatdStation(dataDir: string, n: number): void {
  fs.mkdirSync(dataDir);
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({
      station: { id: `CATD-0109-0${n}`, name: `Estación ${n}`, catd: 'CATD 01-09', district: CATD_DISTRICT },
    }),
  );
}

export interface AcopioAnswer {
  outcome: string;
  catdOnline?: boolean;
  acta: { id: number; receivedAt: { utc: string; offsetMinutes: number } };
}

/** An operator's acopio of a typed key, through the station's RPC as its screen would. */
export async function receiveTyped(core: Core, key: ActaKey): Promise<AcopioAnswer> {
  const label = formatActaKeyLabel(key);
  const res = await rpc(core, await cookieAs(core, 'operador'), 'mutation', 'actas.receive', {
    keyText: label,
    source: 'typed',
    keyConfirm: label,
  });
  if (res.status !== 200) throw new Error(`acopio refused: ${res.status}`);
  return res.body.result.data as AcopioAnswer;
}

/**
 * Station n's real core on `dataDir`, talking to the central at `central`. Fresh: its config is
 * written and the CATD's catalogue loaded; otherwise it restarts on the folder it had.
 */
export async function startCatdStation(
  dataDir: string,
  n: number,
  central: { url: string; dataDir: string },
  o: { fresh?: boolean; rendererDir?: string } = {},
): Promise<Core> {
  const fresh = o.fresh ?? true;
  if (fresh) writeCatdStation(dataDir, n);
  const core = await startCore({
    dataDir,
    port: 0,
    rendererDir: o.rendererDir ?? path.resolve('dist/renderer'),
    simIntakeUrl: central.url,
    simIntakeData: central.dataDir,
    logger: createMemoryLogger(),
    shell: { requestExit: () => undefined },
  });
  if (fresh) {
    const loaded = core.services.workflow.loadCatalogue(CATD_CATALOGUE, 'catálogo del CATD 01-09', {
      id: 'SUP',
      role: 'supervisor',
    });
    if (!loaded.ok) throw new Error('catalogue refused');
  }
  return core;
}
