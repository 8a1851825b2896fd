// SHA-256, the one hash of the product: the acta image's "código de integridad", manifest and
// chunk digests, key fingerprints. Always lower-case hex.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bytes hashed between yields to the event loop (≈1 ms of SHA-256 each). */
const HASH_SLICE_BYTES = 1024 * 1024;

/** SHA-256 of a large buffer in slices, yielding between them so a 12 MB scan never holds the event loop. */
export async function sha256HexAsync(bytes: Uint8Array): Promise<string> {
  const h = createHash('sha256');
  for (let off = 0; off < bytes.length; off += HASH_SLICE_BYTES) {
    h.update(bytes.subarray(off, off + HASH_SLICE_BYTES));
    if (off + HASH_SLICE_BYTES < bytes.length) await new Promise<void>((r) => setImmediate(r));
  }
  return h.digest('hex');
}

/** SHA-256 of a file, streamed (a file may be larger than is wise to hold in memory). */
export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** SHA-256 of a small file read whole, synchronously (exports, checked right after writing). */
export function sha256FileSync(file: string): string {
  return sha256Hex(fs.readFileSync(file));
}
