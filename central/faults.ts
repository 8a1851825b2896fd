// The ways a link or a proxy misbehaves, played by the reference central on demand (`--fault`), so
// that tests see the station survive each one. The modes that break the transport itself are
// answered here, before the central reads a request; the others change what the central answers.
import type http from 'node:http';
import type { IntakeErrorCode } from '../shared/intake';

export const INTAKE_FAULTS = [
  'none',
  /** Every connection is closed as soon as it opens. */
  'refuse',
  /** Requests are accepted and never answered. */
  'hang',
  /** Answers leave one byte at a time, slowly. */
  'trickle',
  /** The connection is reset halfway through the request body (or the answer, for a GET). */
  'reset',
  /** 503 to everything, health included. */
  '5xx',
  /** A captive portal: 200 with an HTML login page to everything. */
  'garbage',
  /** Manifests are committed but the receipt comes back without a signature. */
  'unsigned',
  /** Manifests are committed but the receipt is signed by a key that is not the central's. */
  'badsig',
  /** Manifests are committed and then the connection drops before the answer. */
  'lost-reply',
] as const;
export type IntakeFault = (typeof INTAKE_FAULTS)[number];

/** Delay between bytes in `trickle` mode. */
export const TRICKLE_BYTE_MS = 250;

/** True when the fault mode answered (or dropped) the request itself. */
export function transportFault(
  fault: IntakeFault,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  fail: (res: http.ServerResponse, status: number, error: IntakeErrorCode) => void,
): boolean {
  switch (fault) {
    case 'hang':
      return true;
    case 'refuse':
      req.socket.destroy();
      return true;
    case 'reset': {
      const declared = Number(req.headers['content-length'] ?? '0');
      if (declared === 0) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"service":"catd-in');
        setTimeout(() => req.socket.destroy(), 20);
        return true;
      }
      let n = 0;
      req.on('data', (c: Buffer) => {
        n += c.length;
        if (n >= declared / 2) req.socket.destroy();
      });
      return true;
    }
    case '5xx':
      req.resume();
      req.on('end', () => fail(res, 503, 'unavailable'));
      return true;
    case 'garbage':
      req.resume();
      req.on('end', () =>
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<html><body><h1>Bienvenido a la red WiFi</h1><form>Acepte los términos</form></body></html>'),
      );
      return true;
    default:
      return false;
  }
}
