// DESIGN.md §2: only the thin shell imports electron; the core must run where Electron cannot.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALLOWED = new Set(['electron/main.ts', 'electron/preload.ts', 'electron/updater.ts']);

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}

describe('electron boundary', () => {
  it('no file outside the shell imports electron', () => {
    const offenders = ['shared', 'electron', 'central', 'renderer', 'sim', 'scripts', 'bin']
      .filter((d) => fs.existsSync(path.join(ROOT, d)))
      .flatMap(sources)
      .filter((f) => !ALLOWED.has(f.split(path.sep).join('/')))
      .filter((f) =>
        /from ['"]electron['"]|require\(['"]electron['"]\)|import\(['"]electron['"]\)/.test(
          fs.readFileSync(path.join(ROOT, f), 'utf8'),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('the shell never opens external URLs (no shell.openExternal anywhere)', () => {
    const callers = ['electron', 'renderer', 'shared']
      .flatMap(sources)
      .filter((f) => /openExternal\s*\(/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(callers).toEqual([]);
  });
});
