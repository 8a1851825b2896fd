// `catd central import DIR`: takes a folder a station exported to removable media, checks it the
// way the links are checked (enrolled station, signed index, signed manifests, image hashes),
// records each acta under its own idempotency key (so an acta that also arrived by a link counts
// once) and writes receipts.json beside it, signed, for the supervisor to carry back.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../electron/platform/durable-files';
import { canonicalJson } from '../electron/platform/canonical-json';
import { verifyBytes } from '../electron/platform/signing';
import {
  MEDIA_BLOBS_DIR,
  MEDIA_FORMAT,
  MEDIA_INDEX_FILE,
  MEDIA_MANIFESTS_DIR,
  MEDIA_RECEIPTS_FILE,
  MediaEntrySchema,
  SignedMediaIndexSchema,
  type MediaReceipts,
} from '../shared/intake';
import { stationPublicKey } from './keys';
import type { CentralStore } from './store';

export interface ImportSummary {
  folder: string;
  stationId: string | null;
  created: number;
  replayed: number;
  refused: Array<{ idempotencyKey: string; error: string }>;
  /** The whole folder was refused (unsigned, unknown station, unreadable). */
  error: string | null;
}

/** Export folders in `dir`: the folder itself if it holds an index, else its subfolders that do. */
export function findExportFolders(dir: string): string[] {
  if (fs.existsSync(path.join(dir, MEDIA_INDEX_FILE))) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => path.join(dir, d.name))
    .filter((d) => fs.existsSync(path.join(d, MEDIA_INDEX_FILE)))
    .sort();
}

export async function importMediaFolder(store: CentralStore, folder: string): Promise<ImportSummary> {
  const summary: ImportSummary = {
    folder,
    stationId: null,
    created: 0,
    replayed: 0,
    refused: [],
    error: null,
  };
  let signed;
  try {
    signed = SignedMediaIndexSchema.safeParse(
      JSON.parse(fs.readFileSync(path.join(folder, MEDIA_INDEX_FILE), 'utf8')),
    );
  } catch {
    return { ...summary, error: 'index_unreadable' };
  }
  if (!signed.success) return { ...summary, error: 'index_malformed' };
  const index = signed.data.index;
  summary.stationId = index.stationId;
  const pub = stationPublicKey(store.dataDir, index.stationId);
  if (!pub) return { ...summary, error: 'unknown_station' };
  if (!verifyBytes(pub, Buffer.from(canonicalJson(index)), signed.data.signature))
    return { ...summary, error: 'bad_signature' };

  const receipts: MediaReceipts['receipts'] = [];
  for (const e of index.entries) {
    let entry;
    try {
      entry = MediaEntrySchema.safeParse(
        JSON.parse(
          fs.readFileSync(path.join(folder, MEDIA_MANIFESTS_DIR, `${e.idempotencyKey}.json`), 'utf8'),
        ),
      );
    } catch {
      summary.refused.push({ idempotencyKey: e.idempotencyKey, error: 'manifest_unreadable' });
      continue;
    }
    if (!entry.success || entry.data.idempotencyKey !== e.idempotencyKey) {
      summary.refused.push({ idempotencyKey: e.idempotencyKey, error: 'bad_request' });
      continue;
    }
    let blobError: string | null = null;
    // A page sent as a copy may bring its original (the evidence) on the drive too: taken, by its
    // signed hash, when it is there; its absence is not an error (the links carry only copies).
    const originals = entry.data.signed.manifest.images.flatMap((i) => (i.original ? [i.original] : []));
    for (const img of [...entry.data.signed.manifest.images, ...originals]) {
      let bytes: Buffer;
      const isOriginal = originals.includes(img);
      try {
        bytes = fs.readFileSync(path.join(folder, MEDIA_BLOBS_DIR, img.sha256));
      } catch {
        if (isOriginal) continue;
        blobError = 'blobs_missing';
        break;
      }
      const out = await store.importBlob(img.sha256, bytes);
      if (!out.ok) {
        blobError = out.error;
        break;
      }
    }
    if (blobError) {
      summary.refused.push({ idempotencyKey: e.idempotencyKey, error: blobError });
      continue;
    }
    const out = await store.commitManifest(e.idempotencyKey, entry.data.signed, 'media');
    if (out.kind === 'refused') {
      summary.refused.push({ idempotencyKey: e.idempotencyKey, error: out.error });
      continue;
    }
    if (out.kind === 'created') summary.created++;
    else summary.replayed++;
    receipts.push(out.receipt);
  }
  const file: MediaReceipts = {
    format: MEDIA_FORMAT,
    importedAt: new Date().toISOString(),
    receipts,
    refused: summary.refused,
  };
  writeFileAtomic(path.join(folder, MEDIA_RECEIPTS_FILE), JSON.stringify(file, null, 1), 0o644);
  return summary;
}
