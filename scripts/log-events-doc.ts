// Renders the catalogue of log events (electron/platform/log-events.ts) as docs/log-events.md, the
// table support people read next to an exported log. Generated, so it cannot drift from what the
// code writes: tests/electron/platform/log-events.test.ts fails when the committed file differs.
//
//   node --import tsx scripts/log-events-doc.ts          rewrites docs/log-events.md
//   node --import tsx scripts/log-events-doc.ts --check  exits 1 if it is out of date
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { LOG_EVENTS, levelsOf, type LogEventId } from '../electron/platform/log-events';

export const LOG_EVENTS_DOC = path.resolve(import.meta.dirname, '../docs/log-events.md');
export const REGENERATE = 'node --import tsx scripts/log-events-doc.ts';

const HEADER = `# Log events

<!-- Generated from electron/platform/log-events.ts by \`${REGENERATE}\`. Do not edit by hand. -->

The core writes one JSON object per line to \`DIR/logs/catd.log\` (rotation, disk full and export:
see [operations](operations.md#logs)). Each line has \`t\` (UTC, ISO 8601, from the station's
clock), \`level\`, \`event\` (one of the ids below, stable across versions), the fields the
event's meaning names, and those of the part of the core that wrote it (\`part\`, \`device\`,
\`driver\`). Searching for one event: \`grep '"event":"ups-link-lost"' catd.log*\`.

A \`*-init\` line is followed by its \`*-complete\` partner when the step ends (for the UPS
monitor and the transmitter: when they stop); an \`init\` with no \`complete\` after it means the
step was cut short, or is still going. Events whose meaning says "a bug" should never appear:
report them with the diagnostic bundle.
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The whole of docs/log-events.md, formatted as `prettier --check` expects it. */
export async function renderLogEventsDoc(): Promise<string> {
  const ids = (Object.keys(LOG_EVENTS) as LogEventId[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = ids.map(
    (id) => `| \`${id}\` | ${levelsOf(id).join(', ')} | ${cell(LOG_EVENTS[id].meaning)} |`,
  );
  const markdown = [HEADER, '| Event | Level | Meaning |', '| --- | --- | --- |', ...rows, ''].join('\n');
  const options = (await prettier.resolveConfig(LOG_EVENTS_DOC)) ?? {};
  return prettier.format(markdown, { ...options, filepath: LOG_EVENTS_DOC });
}

async function main(): Promise<void> {
  const wanted = await renderLogEventsDoc();
  const current = fs.existsSync(LOG_EVENTS_DOC) ? fs.readFileSync(LOG_EVENTS_DOC, 'utf8') : null;
  if (process.argv.includes('--check')) {
    if (current === wanted) return;
    console.error(`${path.relative(process.cwd(), LOG_EVENTS_DOC)} is out of date: run \`${REGENERATE}\``);
    process.exitCode = 1;
    return;
  }
  if (current !== wanted) fs.writeFileSync(LOG_EVENTS_DOC, wanted);
  console.log(`${path.relative(process.cwd(), LOG_EVENTS_DOC)}: ${Object.keys(LOG_EVENTS).length} events`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await main();
