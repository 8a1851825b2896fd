// The station's signed manifest: canonical JSON of the acta record, signed by the station key.
import type { StationKey } from '../security/station-key';
import { canonicalJson } from '../platform/canonical-json';
import { signBytes } from '../platform/signing';
import { sha256Hex } from '../platform/hash';
import {
  INTAKE_PROTOCOL_VERSION,
  ManifestSchema,
  type Manifest,
  type ManifestImage,
} from '../../shared/intake';

/**
 * The station's manifest for one acta record, signed by its key: what the outbox stores at
 * enqueue and sends byte-for-byte on every attempt (also used by the central's load generator,
 * so the load is the station's own bytes).
 */
export function signManifest(
  key: StationKey,
  idempotencyKey: string,
  it: Pick<
    Manifest,
    'actaKey' | 'record' | 'resolution' | 'times' | 'stationId' | 'operatorId' | 'supersedes'
  > & { images: ReadonlyArray<Pick<ManifestImage, 'sha256' | 'size' | 'original' | 'encoding'>> },
  auditHead: Manifest['auditHead'],
  /** A training station's manifests say so, signed: a real central refuses them. */
  training = false,
): { manifest: Manifest; canonical: string; signature: string; manifestSha256: string } {
  const manifest: Manifest = ManifestSchema.parse({
    protocol: INTAKE_PROTOCOL_VERSION,
    idempotencyKey,
    actaKey: it.actaKey,
    record: it.record,
    resolution: it.resolution,
    images: it.images.map((i) => ({
      sha256: i.sha256,
      size: i.size,
      ...(i.original && i.encoding ? { original: i.original, encoding: i.encoding } : {}),
    })),
    times: it.times,
    stationId: it.stationId,
    operatorId: it.operatorId,
    supersedes: it.supersedes,
    auditHead,
    ...(training ? { training: true } : {}),
  });
  const canonical = canonicalJson(manifest);
  return {
    manifest,
    canonical,
    signature: signBytes(key, Buffer.from(canonical)),
    manifestSha256: sha256Hex(canonical),
  };
}
