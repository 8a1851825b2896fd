// Fills an intake node's places for new actas (central/admission.ts) with signed requests whose
// bodies never finish arriving: the node is busy until they are destroyed.
import http from 'node:http';
import { INTAKE_MISSING_PATH } from '../../shared/intake';
import type { RequestSigner } from '../../electron/transmit/request-signer';

export function holdAdmissionPlaces(
  url: string,
  signer: RequestSigner,
  places: number,
): http.ClientRequest[] {
  const body = Buffer.from('{"sha256":[]}');
  return Array.from({ length: places }, () => {
    const req = http.request(`${url}${INTAKE_MISSING_PATH}`, {
      method: 'POST',
      headers: {
        ...signer.headers('POST', INTAKE_MISSING_PATH, body),
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
    });
    req.on('error', () => {});
    req.write(body.subarray(0, 3));
    return req;
  });
}
