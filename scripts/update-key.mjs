// The update key ceremony (docs/updates.md). Run by the release team on an offline machine,
// never on a station:
//   node scripts/update-key.mjs generate --out DIR
//       a new Ed25519 pair: DIR/update-signing.key (0600; stays offline) and DIR/update-signing.pub,
//       whose text is printed to commit as build/update-signing.pub
//   node scripts/update-key.mjs sign --key KEY --file FILE --version X.Y.Z --channel CANAL [--released-at ISO]
//       writes FILE.release.json: the canonical JSON {format, version, channel, file, sha256,
//       releasedAt} and its signature, published beside FILE in the feed
//   node scripts/update-key.mjs verify --pub PUB --file FILE
//       checks FILE.release.json against PUB and FILE (what a station checks, minus version order)
// The canonical JSON here must give the bytes electron/platform/canonical-json.ts gives;
// tests/electron/station/update-ceremony.test.ts signs with this script and verifies with the station's code.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const FORMAT = 'catd-update/1';

function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
    .join(',')}}`;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    out: { type: 'string' },
    key: { type: 'string' },
    pub: { type: 'string' },
    file: { type: 'string' },
    version: { type: 'string' },
    channel: { type: 'string' },
    'released-at': { type: 'string' },
  },
});

if (command === 'generate') {
  if (!values.out) fail('Falta --out CARPETA (una memoria que se guarda fuera de línea).');
  const keyFile = path.join(values.out, 'update-signing.key');
  if (fs.existsSync(keyFile))
    fail(`${keyFile} ya existe: no se sobrescribe una llave (rotación: otra carpeta).`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(values.out, { recursive: true, mode: 0o700 });
  fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  fs.writeFileSync(path.join(values.out, 'update-signing.pub'), pem, { flag: 'wx' });
  const fingerprint = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  console.log(
    `Llave privada: ${keyFile} (guárdela fuera de línea; nunca en el repositorio ni en una estación).`,
  );
  console.log(`Huella SHA-256 de la llave pública: ${fingerprint}`);
  console.log('Copie esta llave pública en build/update-signing.pub:');
  process.stdout.write(pem);
} else if (command === 'sign') {
  const { key, file, version, channel } = values;
  if (!key || !file || !version || !channel)
    fail('Uso: sign --key LLAVE --file ARCHIVO --version X.Y.Z --channel CANAL');
  if (!/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/.test(version))
    fail(`Versión inválida: ${version}`);
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(channel)) fail(`Canal inválido: ${channel}`);
  const release = {
    format: FORMAT,
    version,
    channel,
    file: path.basename(file),
    sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
    releasedAt: new Date(values['released-at'] ?? Date.now()).toISOString(),
  };
  const signature = sign(
    null,
    Buffer.from(canonicalJson(release)),
    createPrivateKey(fs.readFileSync(key)),
  ).toString('base64');
  fs.writeFileSync(`${file}.release.json`, JSON.stringify({ release, signature }, null, 1) + '\n');
  console.log(`Publicación firmada: ${file}.release.json (${version}, canal ${channel})`);
} else if (command === 'verify') {
  if (!values.pub || !values.file) fail('Uso: verify --pub LLAVE.pub --file ARCHIVO');
  const { release, signature } = JSON.parse(fs.readFileSync(`${values.file}.release.json`, 'utf8'));
  const good =
    release?.format === FORMAT &&
    verify(
      null,
      Buffer.from(canonicalJson(release)),
      createPublicKey(fs.readFileSync(values.pub)),
      Buffer.from(signature, 'base64'),
    ) &&
    release.sha256 === createHash('sha256').update(fs.readFileSync(values.file)).digest('hex');
  console.log(good ? `Válida: ${release.version}, canal ${release.channel}` : 'NO válida');
  process.exit(good ? 0 : 1);
} else {
  fail('Uso: node scripts/update-key.mjs generate|sign|verify … (ver docs/updates.md)');
}
