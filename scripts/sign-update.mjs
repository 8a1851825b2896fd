// Release tool (run by the release team, never on a station):
//   node scripts/sign-update.mjs --new-key DIR        makes an Ed25519 pair: DIR/update-signing.key (keep offline)
//                                                     and DIR/update-signing.pub (commit as build/update-signing.pub)
//   node scripts/sign-update.mjs FILE KEY.key         writes FILE.sig, to publish beside FILE in the update feed
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [a, b] = process.argv.slice(2);
if (a === '--new-key' && b) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(b, { recursive: true });
  fs.writeFileSync(path.join(b, 'update-signing.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  fs.writeFileSync(path.join(b, 'update-signing.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  console.log(`Par de llaves en ${b} (guarde update-signing.key fuera de línea).`);
} else if (a && b) {
  const signature = sign(null, fs.readFileSync(a), createPrivateKey(fs.readFileSync(b)));
  fs.writeFileSync(`${a}.sig`, signature.toString('base64') + '\n');
  console.log(`Firma escrita en ${a}.sig`);
} else {
  console.error(
    'Uso: node scripts/sign-update.mjs --new-key DIR | node scripts/sign-update.mjs ARCHIVO LLAVE.key',
  );
  process.exit(2);
}
