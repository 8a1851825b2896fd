// What a software update must prove before it is installed, shared by the shell (which has the
// downloaded file) and the core (which decides when, if ever, it is installed).
//
// The release team signs, with the offline update key, the canonical JSON of
// {format, version, channel, file, sha256, releasedAt} and publishes it beside the file as
// `<file>.release.json`. A signature over the file alone would let whoever controls the feed serve
// an older signed build as the newest one (a downgrade to a known bug) or a test build on the
// production channel; binding version and channel to the file's hash closes both.
import { z } from 'zod';
import { createPublicKey } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { verifyBytes } from './signing';
import { err, ok, type Result } from './result';

export const UPDATE_RELEASE_FORMAT = 'catd-update/1';
/** The file published beside the update: `<file>.release.json`. */
export const RELEASE_SUFFIX = '.release.json';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/;
export const UpdateChannelSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'canal: minúsculas, dígitos, guiones');

export const UpdateReleaseSchema = z
  .object({
    format: z.literal(UPDATE_RELEASE_FORMAT),
    version: z.string().regex(SEMVER),
    channel: UpdateChannelSchema,
    file: z.string().min(1).max(255),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    releasedAt: z.string().datetime(),
  })
  .strict();
export type UpdateRelease = z.infer<typeof UpdateReleaseSchema>;

export const SignedUpdateReleaseSchema = z
  .object({ release: UpdateReleaseSchema, signature: z.string().min(1).max(200) })
  .strict();
export type SignedUpdateRelease = z.infer<typeof SignedUpdateReleaseSchema>;

export type ReleaseProblem =
  | 'update.error.noKey'
  | 'update.error.signature'
  | 'update.error.fileMismatch'
  | 'update.error.versionMismatch'
  | 'update.error.downgrade'
  | 'update.error.channel';

/** The bytes the update key signs. */
export function releaseBytes(release: UpdateRelease): Buffer {
  return Buffer.from(canonicalJson(release));
}

/** -1, 0 or 1 by semantic-version precedence (a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) throw new Error(`not a version: ${pa ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  if (pa[4] === pb[4]) return 0;
  if (pa[4] === undefined) return 1;
  if (pb[4] === undefined) return -1;
  const xa = pa[4].split('.');
  const xb = pb[4].split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined) return -1;
    if (xb[i] === undefined) return 1;
    const na = /^\d+$/.test(xa[i]!) ? Number(xa[i]) : NaN;
    const nb = /^\d+$/.test(xb[i]!) ? Number(xb[i]) : NaN;
    if (xa[i] === xb[i]) continue;
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return Math.sign(na - nb);
    if (!Number.isNaN(na)) return -1;
    if (!Number.isNaN(nb)) return 1;
    return xa[i]! < xb[i]! ? -1 : 1;
  }
  return 0;
}

/** A real Ed25519 public key, or null: without one the updater stays off (never a placeholder). */
export function updateKeyUsable(publicKeyPem: string | null): boolean {
  if (!publicKeyPem) return false;
  try {
    return createPublicKey(publicKeyPem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

export interface ReleaseExpectation {
  /** The version the feed offered and the supervisor approved. */
  version: string;
  /** The version running now: only a newer one is ever installed. */
  currentVersion: string;
  /** The station's configured channel. */
  channel: string;
}

/** Version and channel checks (the core repeats these; it never sees the file). */
export function releaseAcceptable(
  release: UpdateRelease,
  expect: ReleaseExpectation,
): Result<void, ReleaseProblem> {
  if (release.channel !== expect.channel) return err('update.error.channel');
  if (release.version !== expect.version) return err('update.error.versionMismatch');
  if (compareVersions(release.version, expect.currentVersion) <= 0) return err('update.error.downgrade');
  return ok();
}

/**
 * The whole check on the downloaded file: the signed release parses, its signature is the update
 * key's, it names this very file (hash), and its version and channel are acceptable.
 */
export function verifyRelease(
  signed: unknown,
  opts: ReleaseExpectation & { publicKeyPem: string | null; fileSha256: string },
): Result<UpdateRelease, ReleaseProblem> {
  if (!updateKeyUsable(opts.publicKeyPem)) return err('update.error.noKey');
  const parsed = SignedUpdateReleaseSchema.safeParse(signed);
  if (!parsed.success) return err('update.error.signature');
  const { release, signature } = parsed.data;
  if (!verifyBytes(opts.publicKeyPem!, releaseBytes(release), signature))
    return err('update.error.signature');
  if (release.sha256 !== opts.fileSha256) return err('update.error.fileMismatch');
  const acceptable = releaseAcceptable(release, opts);
  return acceptable.ok ? ok(release) : acceptable;
}
