// `catd quality` on a decompression bomb and a zero-byte file, as a technician would run it on
// files from a USB drive: the reason in words, exit code 1, no stack trace, the bomb not decoded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { esMXQuality } from '../../../shared/messages/quality';
import { pngZeroBomb } from '../capture/quality/hostile-files';
import { tempDir } from '../../helpers/temp';

// The TypeScript source through tsx (bin/catd.mjs would prefer a dist/ build, maybe stale).
function catd(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/catd.ts', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('catd quality on hostile files', { timeout: 60_000 }, () => {
  it('names the bomb and the empty file, exits 1, prints no stack trace', () => {
    const dir = tempDir();
    const bomb = path.join(dir, 'bomba.png');
    const empty = path.join(dir, 'vacio.png');
    fs.writeFileSync(bomb, pngZeroBomb(50_000));
    fs.writeFileSync(empty, Buffer.alloc(0));
    const r = catd('quality', bomb, empty);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`✗ ${bomb}\n    ERROR: ${esMXQuality.quality.error.tooManyPixels}`);
    expect(r.out).toContain(`✗ ${empty}\n    ERROR: ${esMXQuality.quality.error.empty}`);
    expect(r.out).toContain('2 archivo(s): 0 apto(s), 2 no apto(s) o con error.');
    expect(r.err).not.toMatch(/\n\s+at |Error:/);

    const json = catd('quality', '--json', bomb, empty);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out) as Array<{ error: { code: string } }>).map((x) => x.error.code)).toEqual([
      'tooManyPixels',
      'empty',
    ]);
  });
});
