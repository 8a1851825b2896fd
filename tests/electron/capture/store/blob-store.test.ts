// The blob store: named by the SHA-256 of the exact bytes, never a partial file under a final name,
// crash leftovers swept, orphans reported.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BlobStore, derivePreview, TEMP_PREFIX } from '../../../../electron/capture/store';
import { sha256Hex } from '../../../../electron/platform/hash';
import { tempDir } from '../../../helpers/temp';

describe('BlobStore', () => {
  it('stores bytes under their SHA-256 and reads them back exactly; a second put is a no-op', async () => {
    const store = new BlobStore(path.join(tempDir(), 'blobs'));
    const bytes = crypto.randomBytes(100_000);
    const put = await store.put(bytes);
    expect(put.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(path.basename(put.path)).toBe(put.sha256);
    expect(put.created).toBe(true);
    expect((await store.read(put.sha256)).equals(bytes)).toBe(true);
    expect(await store.put(bytes)).toMatchObject({ created: false });
    expect(fs.readdirSync(store.dir)).toEqual([put.sha256]);
    expect(await store.verify(put.sha256)).toBe(true);
  });

  it('never shows a partial file under the final name while writing', async () => {
    const store = new BlobStore(path.join(tempDir(), 'blobs'));
    const bytes = crypto.randomBytes(32 * 1024 * 1024);
    const sha = sha256Hex(bytes);
    const final = store.pathFor(sha);
    let done = false;
    let sawTemp = false;
    const sizes: number[] = [];
    const writing = store.put(bytes, sha).then(() => (done = true));
    while (!done) {
      for (const name of fs.readdirSync(store.dir)) if (name.startsWith(TEMP_PREFIX)) sawTemp = true;
      if (fs.existsSync(final)) sizes.push(fs.statSync(final).size);
      await new Promise((r) => setImmediate(r));
    }
    await writing;
    expect(sawTemp).toBe(true);
    for (const s of sizes) expect(s).toBe(bytes.length);
    expect(await store.verify(sha)).toBe(true);
  });

  it('sweeps temp leftovers of a crash and reports files no record knows', async () => {
    const dir = path.join(tempDir(), 'blobs');
    const store = new BlobStore(dir);
    const known = await store.put(Buffer.from('acta 1'));
    const orphan = await store.put(Buffer.from('acta 2'));
    // What a crash between write and rename leaves behind.
    fs.writeFileSync(path.join(dir, `${TEMP_PREFIX}1234-1-0`), Buffer.from('medio arch'));
    fs.writeFileSync(path.join(dir, 'README.txt'), 'no es un blob');
    const report = await store.sweep(new Set([known.sha256]));
    expect(report).toEqual({
      removedTemp: [`${TEMP_PREFIX}1234-1-0`],
      orphans: [orphan.sha256],
      foreign: ['README.txt'],
    });
    expect(fs.readdirSync(dir).sort()).toEqual([known.sha256, orphan.sha256, 'README.txt'].sort());
  });

  it('refuses a name that is not a SHA-256 (no path tricks)', () => {
    const store = new BlobStore(path.join(tempDir(), 'blobs'));
    expect(() => store.pathFor('../../etc/passwd')).toThrow();
  });
});

describe('derivePreview', () => {
  it('makes a smaller image for the screen and leaves the original bytes untouched', async () => {
    const original = await sharp({
      create: {
        width: 2550,
        height: 3300,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 200, sigma: 20 },
      },
    })
      .png()
      .toBuffer();
    const before = sha256Hex(original);
    const preview = await derivePreview(original);
    const meta = await sharp(preview).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width!, meta.height!)).toBe(1400);
    expect(preview.length).toBeLessThan(original.length);
    expect(sha256Hex(original)).toBe(before);
  });
});
