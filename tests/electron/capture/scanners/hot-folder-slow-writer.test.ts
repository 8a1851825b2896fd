// A device that writes a page slowly (chunks over time, pauses longer than a poll): the file is
// not taken until it is whole, and what is delivered is byte-for-byte what the device wrote.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { drain } from './helpers';
import { hotFolder, pngPage } from './hot-folder-helpers';

it('waits for the last chunk before taking the file', async () => {
  const { folder, scanner } = hotFolder({ settleMs: 120, batchIdleMs: 400 });
  const full = await pngPage(7);
  const job = scanner.scan({ source: 'feeder', maxPages: 1 });
  const file = path.join(folder, 'scan0001.png');
  const chunks = 6;
  const step = Math.ceil(full.length / chunks);
  let deliveredBeforeEnd = false;
  let finished = false;
  void job.done.then(() => (finished = true));
  const drained = drain(job);
  for (let i = 0; i < chunks; i++) {
    fs.appendFileSync(file, full.subarray(i * step, (i + 1) * step));
    // Pauses longer than the settle time: size-stability alone would take the half file here.
    await new Promise((r) => setTimeout(r, 200));
    if (i < chunks - 1 && finished) deliveredBeforeEnd = true;
  }
  const { pages, outcome } = await drained;
  expect(deliveredBeforeEnd).toBe(false);
  expect(outcome).toEqual({ kind: 'completed', pages: 1 });
  expect(Buffer.from(pages[0]!.bytes).equals(full)).toBe(true);
  expect(fs.existsSync(file)).toBe(false);
  expect(fs.readdirSync(path.join(folder, 'procesados'))).toEqual(['scan0001.png']);
});

it('ignores temp names and takes a file renamed into place', async () => {
  const { folder, scanner } = hotFolder();
  const job = scanner.scan({ source: 'feeder', maxPages: 1 });
  const bytes = await pngPage(3);
  fs.writeFileSync(path.join(folder, 'scan0001.png.part'), bytes.subarray(0, 100));
  fs.writeFileSync(path.join(folder, '~$scan.tmp'), bytes);
  let finished = false;
  void job.done.then(() => (finished = true));
  await new Promise((r) => setTimeout(r, 400));
  expect(finished).toBe(false);
  fs.appendFileSync(path.join(folder, 'scan0001.png.part'), bytes.subarray(100));
  fs.renameSync(path.join(folder, 'scan0001.png.part'), path.join(folder, 'scan0001.png'));
  const { pages, outcome } = await drain(job);
  expect(outcome).toEqual({ kind: 'completed', pages: 1 });
  expect(Buffer.from(pages[0]!.bytes).equals(bytes)).toBe(true);
  // The temp file was never touched.
  expect(fs.existsSync(path.join(folder, '~$scan.tmp'))).toBe(true);
});
