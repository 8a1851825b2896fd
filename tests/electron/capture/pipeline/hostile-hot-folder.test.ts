// A scanner's hot folder receives a decompression bomb, a damaged PNG (end marker intact, so it
// passes the folder's completeness check) and a PNG cut short, then a good acta page: each bad
// file ends up where the operator sees why, and the good page after them is accepted.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { encodePage, renderActaPage } from '../../../../sim/acta/page';
import { hotFolder, write } from '../scanners/hot-folder-helpers';
import { pngZeroBomb } from '../quality/hostile-files';
import { key, operator, receive } from '../../workflow/fixture';
import { rig } from './fixture';

it('bomb and damaged files become rejected pages with their reason; the next good page is accepted', async () => {
  const r = rig();
  const k = key(3101);
  const a = receive(r.s, k).acta;
  const { folder, scanner } = hotFolder({ batchIdleMs: 2_500, firstPageTimeoutMs: 10_000 });
  const good = await encodePage((await renderActaPage({ seed: 31, colour: 'grey', key: k })).page, 'png');
  const damaged = Buffer.concat([
    good.subarray(0, Math.floor(good.length / 2)),
    good.subarray(good.length - 12),
  ]);
  const t = Date.now() / 1000 - 60;
  const files: Array<[string, Buffer]> = [
    ['p1-bomba.png', pngZeroBomb(50_000)],
    ['p2-danada.png', damaged],
    ['p3-cortada.png', good.subarray(0, 5_000)],
    ['p4-buena.png', good],
  ];
  files.forEach(([name, bytes], i) => fs.utimesSync(write(folder, name, bytes), t + i, t + i));

  const result = await r.pipeline.scanActa(a.id, scanner, { actor: operator, version: a.version });
  expect(result.kind).toBe('rechazada');
  if (result.kind !== 'rechazada') return;
  expect(
    result.pages.map((p) => [p.position, p.suitable, p.reasons.map((x) => x.messageKey), p.identification]),
  ).toEqual([
    [1, false, ['quality.error.tooManyPixels'], 'none'],
    [2, false, ['quality.error.truncated'], 'none'],
    [3, true, [], 'match'],
  ]);
  // The file cut short never became a page: it was set aside and the scanner says which one.
  expect(fs.readdirSync(path.join(folder, 'rechazados'))).toEqual(['p3-cortada.png']);
  expect(scanner.status().lastError).toBe('scanner.error.badPage:p3-cortada.png');
  // Every original is kept as delivered, the bomb included (its bytes are evidence).
  for (const p of result.pages) expect(await r.blobs.verify(p.sha256)).toBe(true);

  // Nothing is stuck: the rescan of the same acta with its good page is accepted.
  write(folder, 'p5-buena.png', good);
  const rescan = await r.pipeline.scanActa(a.id, scanner, { actor: operator, version: result.acta.version });
  expect(rescan.kind).toBe('digitalizada');
  expect(fs.readdirSync(folder).filter((f) => f.endsWith('.png'))).toEqual([]);
});
