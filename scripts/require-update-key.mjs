// electron-builder beforePack hook: no package leaves the build machine without the project's real
// update public key (build/update-signing.pub, made by `node scripts/update-key.mjs generate`,
// docs/updates.md). The repository carries no key at all, so a build that skipped the ceremony
// fails here, clearly, instead of shipping a station whose updater trusts a placeholder.
import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KEY_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'update-signing.pub');

/** The problem with the key file, or null when it is a real Ed25519 public key. */
export function updateKeyProblem(file = KEY_FILE) {
  let pem;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch {
    return `${file} no existe: haga la ceremonia de la llave de actualizaciones (docs/updates.md) y copie ahí la llave pública.`;
  }
  try {
    if (createPublicKey(pem).asymmetricKeyType !== 'ed25519')
      return `${file} no es una llave pública Ed25519.`;
  } catch {
    return `${file} no es una llave pública válida.`;
  }
  return null;
}

export async function beforePack() {
  const problem = updateKeyProblem();
  if (problem) throw new Error(`Sin llave de actualizaciones: ${problem}`);
}
