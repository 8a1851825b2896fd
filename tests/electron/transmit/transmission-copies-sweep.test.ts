// A crash while a transmission copy (or its decision record) was being written leaves a temp
// file in the station's transmit-copies folder. A real core started on that data folder removes
// those, and only those: a finished copy, its record and the scanned original keep their bytes.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestStation, type TestStation } from '../../helpers/core';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-copies-sweep-'));
let station: TestStation | undefined;
afterAll(async () => {
  await station?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Writes `bytes` at `file` (folders made); the path. */
function plant(file: string, bytes: Buffer): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

it('removes the temp files a crash left among the transmission copies, and nothing else', async () => {
  const original = randomBytes(4096);
  const copy = randomBytes(1024);
  const record = Buffer.from(JSON.stringify({ copy: { sha256: sha(copy), size: copy.length } }));
  const copiesDir = path.join(dataDir, 'transmit-copies');
  const kept = [
    // The scan as stored (the evidence), a finished copy and the decision that names it.
    plant(path.join(dataDir, 'blobs', sha(original)), original),
    plant(path.join(copiesDir, 'blobs', sha(copy)), copy),
    plant(path.join(copiesDir, 'records', `${sha(original)}.jpeg-q60.json`), record),
  ];
  const before = kept.map((f) => sha(fs.readFileSync(f)));
  const temps = [
    // A copy cut short before its rename, and a record cut short before its own.
    plant(path.join(copiesDir, 'blobs', `.tmp-4242-1733200000000-0`), copy.subarray(0, 300)),
    plant(
      path.join(
        copiesDir,
        'records',
        `${sha(original)}.jpeg-q60.json.${randomBytes(12).toString('hex')}.tmp`,
      ),
      record.subarray(0, 10),
    ),
  ];

  station = await startTestStation({ dataDir });

  for (const t of temps) expect(fs.existsSync(t), path.basename(t)).toBe(false);
  expect(kept.map((f) => sha(fs.readFileSync(f)))).toEqual(before);
  const line = station.log.lines.find((l) => l.event === 'transmit-copy-temp-removed');
  expect(line).toMatchObject({ count: 2, part: 'transmit-copies' });
});
