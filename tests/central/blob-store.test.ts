// The central's content-addressed blob store, through its interface only: what any implementation
// (the shared-file-system one today, object storage next) must do. A blob is found by the SHA-256
// of its bytes and nothing else; bytes that do not hash to their name are never sealed under it;
// an upload resumes where it stopped; a sealed blob reads back whole, as a stream of chunks.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileBlobStore, type CentralBlobStore } from '../../central/blob-store';
import { tempDir } from '../helpers/temp';

const implementations: Array<[string, () => CentralBlobStore]> = [
  ['shared file system', () => new FileBlobStore(tempDir('catd-blobs-'))],
];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readAll(store: CentralBlobStore, h: string): Promise<{ bytes: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const c of store.get(h)) parts.push(c as Buffer);
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

describe.each(implementations)('central blob store: %s', (_name, make) => {
  it('put then get by hash: the same bytes, streamed in chunks; an unknown hash is not there', async () => {
    const store = make();
    const bytes = randomBytes(300_000);
    expect(await store.size(sha(bytes))).toBeNull();
    expect(await store.put(sha(bytes), bytes)).toBe(true);
    expect(await store.size(sha(bytes))).toBe(bytes.length);
    const back = await readAll(store, sha(bytes));
    expect(back.bytes.equals(bytes)).toBe(true);
    expect(back.chunks).toBeGreaterThan(1);
    expect(await store.size(sha(randomBytes(8)))).toBeNull();
  });

  it('refuses to put bytes under a name they do not hash to', async () => {
    const store = make();
    const claimed = sha(randomBytes(100));
    expect(await store.put(claimed, randomBytes(100))).toBe(false);
    expect(await store.size(claimed)).toBeNull();
  });

  it('an upload in chunks resumes where it stopped and is sealed only when whole and matching', async () => {
    const store = make();
    const bytes = randomBytes(200_000);
    const h = sha(bytes);
    await store.writePartial(h, 0, bytes.subarray(0, 70_000));
    expect(await store.partialSize(h)).toBe(70_000);
    expect((await store.partials()).map((p) => p.sha256)).toEqual([h]);
    expect(await store.size(h)).toBeNull(); // not a blob until sealed
    await store.writePartial(h, 70_000, bytes.subarray(70_000));
    expect(await store.seal(h)).toBe('sealed');
    expect((await readAll(store, h)).bytes.equals(bytes)).toBe(true);
    expect(await store.partialSize(h)).toBe(0);
    // A second sealing (another node a moment later) finds nothing left to seal.
    expect(await store.seal(h)).toBe('gone');
  });

  it('an upload whose bytes do not hash to its name is dropped, never sealed', async () => {
    const store = make();
    const h = sha(randomBytes(1000));
    await store.writePartial(h, 0, randomBytes(1000));
    expect(await store.seal(h)).toBe('mismatch');
    expect(await store.size(h)).toBeNull();
    expect(await store.partialSize(h)).toBe(0);
  });

  it('drops an unfinished upload on request', async () => {
    const store = make();
    const h = sha(randomBytes(10));
    await store.writePartial(h, 0, randomBytes(5));
    await store.dropPartial(h);
    expect(await store.partials()).toEqual([]);
  });
});
