// A file that is not an image lands in the folder (a log, a half-configured device): it is set
// aside in "rechazados" and reported, the real pages around it still come through.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { drain } from './helpers';
import { hotFolder, pngPage, write } from './hot-folder-helpers';

it('reports the non-image file and keeps going', async () => {
  const { folder, scanner } = hotFolder();
  write(folder, 'a.png', await pngPage(1));
  write(folder, 'notas.txt', Buffer.from('esto no es una imagen\n'));
  write(folder, 'c.png', await pngPage(2));
  const { pages, outcome } = await drain(scanner.scan({ source: 'feeder' }));
  expect(outcome).toEqual({ kind: 'completed', pages: 2 });
  expect(pages).toHaveLength(2);
  expect(fs.readdirSync(path.join(folder, 'rechazados'))).toEqual(['notas.txt']);
  expect(scanner.status().lastError).toBe('scanner.error.notAnImage:notas.txt');
});

it('a missing folder (share unmounted) is disconnected, and comes back when it returns', async () => {
  const { folder, scanner } = hotFolder();
  fs.rmSync(folder, { recursive: true });
  await scanner.probe();
  expect(scanner.status()).toMatchObject({ state: 'disconnected', lastError: 'scanner.error.folderMissing' });
  const outcome = await scanner.scan({ source: 'feeder' }).done;
  expect(outcome).toMatchObject({ kind: 'failed', state: 'disconnected' });
  fs.mkdirSync(folder);
  await scanner.probe();
  expect(scanner.status().state).toBe('ready');
});
