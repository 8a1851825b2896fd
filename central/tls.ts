// A private CA and a server certificate for the intake, made with the `openssl` CLI. For tests
// and small pilots: the station trusts the CA through its link's `ca` file (never the system
// store), so nothing else can pose as the intake.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const OPENSSL = '/usr/bin/openssl';
const VALID_DAYS = '825';

export interface TlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** Creates (once) <dir>/ca.pem, server.pem and server.key for 127.0.0.1/localhost and extra names. */
export function ensureTlsFiles(dir: string, names: string[] = []): TlsFiles {
  const files: TlsFiles = {
    caFile: path.join(dir, 'ca.pem'),
    certFile: path.join(dir, 'server.pem'),
    keyFile: path.join(dir, 'server.key'),
  };
  if (fs.existsSync(files.caFile) && fs.existsSync(files.certFile) && fs.existsSync(files.keyFile))
    return files;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const run = (args: string[]) => execFileSync(OPENSSL, args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    VALID_DAYS,
    '-subj',
    '/CN=CATD intake CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=catd-intake']);
  const san = [
    'IP:127.0.0.1',
    'DNS:localhost',
    ...names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)),
  ];
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    `subjectAltName=${san.join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    VALID_DAYS,
    '-extfile',
    'server.ext',
  ]);
  fs.chmodSync(path.join(dir, 'server.key'), 0o600);
  fs.chmodSync(path.join(dir, 'ca.key'), 0o600);
  return files;
}
