// Small modules with one job (DESIGN.md §7): no source file grows past ~450 lines, except the
// catalogues (messages, log events), which are long lists by nature. A file that needs more has
// two jobs.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const MAX_LINES = 450;
const PRODUCT = ['electron', 'central', 'sim', 'shared', 'renderer'];
const EXEMPT = [/^shared\/messages\/(es-MX|en)\.ts$/, /^electron\/platform\/log-events\.ts$/];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx|mjs)$/.test(e.name) ? [p] : [];
  });
}

it(`keeps every source file under ${MAX_LINES} lines (catalogues aside)`, () => {
  const long = PRODUCT.flatMap(sources)
    .filter((f) => !EXEMPT.some((re) => re.test(f.split(path.sep).join('/'))))
    .map((f) => ({ f, lines: fs.readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.lines > MAX_LINES)
    .map((x) => `${x.f}: ${x.lines}`);
  expect(long).toEqual([]);
});
