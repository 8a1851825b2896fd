/** The problem with the update public key file, or null when it is a real Ed25519 key. */
export function updateKeyProblem(file?: string): string | null;
/** electron-builder's beforePack hook: throws when the key is missing or not Ed25519. */
export function beforePack(context?: {
  packager: { config: Record<string, unknown>; projectDir: string };
}): Promise<void>;
/** The file the package ships as resources/update-signing.pub, or null when none. */
export function shippedKeyFile(config: Record<string, unknown>, projectDir: string): string | null;
