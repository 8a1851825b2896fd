// `catd enrol --central-key FILE`: the station's half of enrolment, done once by a supervisor with
// files on removable media. Installs the central's public key (only receipts it signs will count)
// and says where the station's own public key is, to carry to the central (`catd central enrol`).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../station/config';
import { installCentralKey } from '../transmit/enrolment';
import { keyFiles, loadOrCreateStationKey } from '../security/station-key';
import { translate } from '../../shared/messages/translate';

export class EnrolUsageError extends Error {}

export function runEnrolCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, 'central-key': { type: 'string' } },
    strict: true,
  });
  if (!values['central-key'])
    throw new EnrolUsageError('indique la llave pública del centro: --central-key ARCHIVO.pub');
  const dataDir = path.resolve(values.data ?? defaultDataDir());
  const station = loadOrCreateStationKey(dataDir);
  const r = installCentralKey(dataDir, path.resolve(values['central-key']));
  if (!r.ok) {
    console.error(`catd: ${translate(r.error)}`);
    return 1;
  }
  console.log(`Llave del centro instalada (huella ${r.value}). Compárela con la que muestra el centro.`);
  console.log(
    `Lleve al centro la llave pública de esta estación: ${keyFiles(dataDir).publicFile} (huella ${station.fingerprint}).`,
  );
  console.log('Al reiniciar, la estación transmitirá y solo aceptará acuses firmados por esa llave.');
  return 0;
}
