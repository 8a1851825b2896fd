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

/**
 * The key file the package will carry: the extraResources entry that lands as update-signing.pub
 * (so a build configuration that ships another file is checked on that file), or null if none does.
 */
export function shippedKeyFile(config, projectDir) {
  const entries = [config.extraResources, config.linux?.extraResources, config.win?.extraResources]
    .flat()
    .filter((e) => e && typeof e === 'object');
  const entry = entries.find((e) => e.to === 'update-signing.pub');
  return entry ? path.resolve(projectDir, entry.from) : null;
}

/** electron-builder's hook; without a context (a direct call) it checks build/update-signing.pub. */
export async function beforePack(context) {
  const file = context ? shippedKeyFile(context.packager.config, context.packager.projectDir) : KEY_FILE;
  const problem = file
    ? updateKeyProblem(file)
    : 'la configuración no incluye update-signing.pub en el paquete.';
  if (problem) throw new Error(`Sin llave de actualizaciones: ${problem}`);
}
