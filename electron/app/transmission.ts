// Starts the transmitter over the configured links once the station is enrolled (it holds the
// central's public key: only receipts signed by it count). With the reference central that
// `npm start` runs beside the core (`sim:intake` links), enrolment happens here by itself, both
// ways, through the central's data folder.
import path from 'node:path';
import { SIM_INTAKE_URL, type Config } from '../station/config';
import type { CoreOptions } from './core';
import { Transmitter, type TransmitterDeps } from '../transmit/transmitter';
import { installCentralKey, loadCentralKey } from '../transmit/enrolment';
import { keyFiles } from '../security/station-key';
// The composition root is the only station folder that imports central/, and only this, for the
// development-mode enrolment with the reference central `npm start` runs beside the core; nothing
// else under electron/ may (the central is another program with its own bundle).
import { centralKeyFiles, enrolStation, enrolStationCatd } from '../../central/keys';

export function startTransmission(
  opts: Pick<CoreOptions, 'dataDir' | 'simIntakeUrl' | 'simIntakeData'>,
  config: Config,
  deps: Omit<TransmitterDeps, 'centralKeyPem' | 'stationId'>,
): Transmitter | null {
  if (opts.simIntakeUrl && opts.simIntakeData) {
    const central = path.resolve(opts.simIntakeData);
    enrolStation(central, config.station.id, keyFiles(opts.dataDir).publicFile);
    if (config.station.district) enrolStationCatd(central, config.station.id, config.station.district);
    const installed = installCentralKey(opts.dataDir, centralKeyFiles(central).publicFile);
    if (!installed.ok) deps.log.warn('transmit-sim-enrol-failed', { error: installed.error });
  }
  const centralKeyPem = loadCentralKey(opts.dataDir);
  const links = config.links.flatMap((l) => {
    const url = l.url === SIM_INTAKE_URL ? opts.simIntakeUrl : l.url;
    return url ? [{ ...l, url }] : [];
  });
  if (!centralKeyPem) {
    deps.log.warn('transmit-not-enrolled', { hint: 'instale la llave pública del centro (enrolamiento)' });
    return null;
  }
  if (!links.length) {
    deps.log.warn('transmit-no-links');
    return null;
  }
  const transmitter = new Transmitter(
    { ...config.transmit, links },
    { ...deps, centralKeyPem, stationId: config.station.id },
  );
  transmitter.start();
  return transmitter;
}
