// The catalogue of log events against the code that writes them and the doc that explains them:
// every id written is catalogued at the level it is written at, every catalogued id is still
// written somewhere, and docs/log-events.md is what the catalogue renders to. The typecheck does
// the first part too (the logger accepts only catalogued ids); this scan also reads the sources
// the typecheck does not hold (central/, when it exists) and names the file of each miss.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_EVENTS, isLogEventId, levelsOf, type LogLevel } from '../../../electron/platform/log-events';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { LOG_EVENTS_DOC, REGENERATE, renderLogEventsDoc } from '../../../scripts/log-events-doc';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CATALOGUE = 'electron/platform/log-events.ts';

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx|mts)$/.test(e.name) ? [rel] : [];
  });
}

const files = ['electron', 'sim', 'central']
  .filter((d) => fs.existsSync(path.join(ROOT, d)))
  .flatMap(sources)
  .filter((f) => f !== CATALOGUE)
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(ROOT, f), 'utf8') }));

interface Write {
  file: string;
  level: LogLevel;
  id: string;
}

/**
 * `.info('id'`, `.warn(cond ? 'a' : 'b'`, `.log('warn', 'id'`: the literal ids each call can
 * write (console's own .error and .warn aside). Calls whose id is not a literal at the call (a map of literals, as the UPS monitor's
 * events) are the typecheck's to hold.
 */
function writes(): Write[] {
  const found: Write[] = [];
  const call = /(?<!console)\.(info|warn|error)\(\s*('[^']*'|[^'(),]*\?\s*'[^']*'\s*:\s*'[^']*')/g;
  const byLevel = /\.log\(\s*'(debug|info|warn|error)',\s*'([^']*)'/g;
  for (const { file, text } of files) {
    for (const m of text.matchAll(call)) {
      for (const id of m[2]!.matchAll(/'([^']*)'/g))
        found.push({ file, level: m[1] as LogLevel, id: id[1]! });
    }
    for (const m of text.matchAll(byLevel)) found.push({ file, level: m[1] as LogLevel, id: m[2]! });
  }
  return found;
}

describe('the catalogue of log events', () => {
  it('holds every id the source writes, at the level it is written at', () => {
    const all = writes();
    // The scan itself works: it sees the start of the core and a conditional id.
    expect(all).toContainEqual({ file: 'electron/app/core.ts', level: 'info', id: 'core-init' });
    expect(all.map((w) => w.id)).toContain('capture-paused-power');
    const misses = all
      .filter((w) => !isLogEventId(w.id) || !levelsOf(w.id).includes(w.level))
      .map((w) => `${w.file}: .${w.level}('${w.id}')`);
    expect(misses, `not in ${CATALOGUE} at that level`).toEqual([]);
  });

  it('has no dead entries: every id is still written somewhere', () => {
    const dead = Object.keys(LOG_EVENTS).filter((id) => !files.some((f) => f.text.includes(`'${id}'`)));
    expect(dead, `catalogued in ${CATALOGUE} but written nowhere: remove them`).toEqual([]);
  });

  it('says what each event means in one line, with a kebab-case id', () => {
    for (const [id, spec] of Object.entries(LOG_EVENTS)) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(spec.meaning, id).toMatch(/^[A-Z'"a-z].{10,}\.$/);
      expect(spec.meaning, id).not.toContain('\n');
    }
  });

  it('is what docs/log-events.md shows', async () => {
    const committed = fs.existsSync(LOG_EVENTS_DOC) ? fs.readFileSync(LOG_EVENTS_DOC, 'utf8') : '';
    expect(committed, `docs/log-events.md is out of date with ${CATALOGUE}: run \`${REGENERATE}\``).toBe(
      await renderLogEventsDoc(),
    );
  });

  it('makes an uncatalogued, misspelt or wrong-level id a type error (checked by tsc)', () => {
    const log = createMemoryLogger();
    // @ts-expect-error not catalogued
    log.info('core-inti');
    // @ts-expect-error catalogued at warn, not info
    log.info('no-operators');
    // @ts-expect-error a level known only as "info or warn" needs an id catalogued at both
    log.log(log.lines.length > 0 ? 'info' : 'warn', 'core-init');
    log.log(log.lines.length > 0 ? 'info' : 'warn', 'storage-state');
    log.child({ part: 'x' }).warn('no-operators');
    expect(log.lines.map((l) => l.event)).toEqual([
      'core-inti',
      'no-operators',
      'core-init',
      'storage-state',
      'no-operators',
    ]);
  });
});
