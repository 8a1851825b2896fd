// Many files at once: each is delivered exactly once, in the order written, and a second batch
// does not see them again; the batch ends after the idle time.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { drain } from './helpers';
import { hotFolder, pngPage, write } from './hot-folder-helpers';

it('takes 25 files once each, oldest first', async () => {
  const { folder, scanner } = hotFolder({ batchIdleMs: 300, firstPageTimeoutMs: 500 });
  const written: Buffer[] = [];
  for (let i = 0; i < 25; i++) {
    const b = await pngPage(i * 10);
    written.push(b);
    const f = write(folder, `img-${String(25 - i).padStart(2, '0')}.png`, b); // names sort opposite to age
    const t = new Date(Date.now() - (25 - i) * 1000);
    fs.utimesSync(f, t, t);
  }
  const { pages, outcome } = await drain(scanner.scan({ source: 'feeder' }));
  expect(outcome).toEqual({ kind: 'completed', pages: 25 });
  expect(pages.map((p) => Buffer.from(p.bytes).equals(written[p.index - 1]!))).toEqual(Array(25).fill(true));
  expect(fs.readdirSync(path.join(folder, 'procesados'))).toHaveLength(25);

  const second = await scanner.scan({ source: 'feeder' }).done;
  expect(second).toMatchObject({ kind: 'failed', pages: 0, error: 'scanner.error.noPages' });
});
