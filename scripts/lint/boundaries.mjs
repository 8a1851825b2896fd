// The layout's rules as an ESLint rule (`catd/boundaries`), so `npm test` fails the moment an
// import crosses a boundary of ../../../shared/DESIGN.md §3: the core stands on the platform
// layer, each capability folder imports only the folders below it (so the folders cannot form
// a cycle), the composition root is imported by no capability, the simulator reaches the core
// only through sim/compose.ts, the renderer and shared/ stay free of the core, and the central
// never imports the station's core. Every message names the rule it enforces.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The station core's folders, lowest first. A folder may import the folders before it, never one
 * after it or beside it on the same rung: an arrow always points down, so no cycle is possible.
 */
export const CORE_LAYERS = [
  ['platform'],
  ['store'],
  ['security'],
  ['workflow', 'power', 'training'],
  ['capture'],
  ['transmit'],
  ['station'],
  ['server'],
  ['app'],
  ['cli'],
];
const RANK = new Map(CORE_LAYERS.flatMap((rung, i) => rung.map((f) => [f, i])));
const SHELL_FILES = new Set(['electron/main.ts', 'electron/preload.ts', 'electron/updater.ts']);

/** What part of the tree a repository-relative path belongs to. */
export function zoneOf(rel) {
  const p = rel.split(path.sep).join('/');
  const [top, second] = p.split('/');
  if (top === 'electron') {
    if (SHELL_FILES.has(p.replace(/\.(ts|mjs|js)$/, '.ts')) || second === 'shell') return { kind: 'shell' };
    if (second !== undefined && RANK.has(second)) return { kind: 'core', folder: second };
    return { kind: 'shell' };
  }
  if (top === 'shared' || top === 'renderer' || top === 'central') return { kind: top };
  if (top === 'sim') return { kind: 'sim', seam: /^sim\/compose(\.ts)?$/.test(p) };
  return { kind: 'other', top };
}

const CAPTURE_SCANNERS = /^electron\/capture\/scanners(\/|$)/;
const DENIED = (rule, why) => ({ rule, why });

/**
 * Why `fromRel` may not import `toRel` (repository-relative paths), or null when it may.
 * `typeOnly`: the import is erased at compile time (`import type`).
 */
export function boundaryViolation(fromRel, toRel, typeOnly) {
  const from = zoneOf(fromRel);
  const to = zoneOf(toRel);
  const target = toRel.split(path.sep).join('/');
  if (
    to.kind === 'other' &&
    ['tests', 'scripts', 'bin', 'build', 'docs'].includes(to.top) &&
    from.kind !== 'other'
  )
    return DENIED('no-tooling-in-product', `product code may not import ${to.top}/`);
  switch (from.kind) {
    case 'shared':
      // shared/rpc.ts names the router's type for the renderer; a type import is erased at build.
      if (to.kind === 'shared') return null;
      if (typeOnly && to.kind === 'core' && to.folder === 'server') return null;
      return DENIED(
        'shared-imports-nothing',
        'shared/ compiles for both sides and imports nothing of ours at run time',
      );
    case 'renderer':
      if (to.kind === 'renderer' || to.kind === 'shared') return null;
      return DENIED(
        'renderer-only-shared',
        'renderer/ reaches the core only through the RPC contract in shared/',
      );
    case 'central':
      if (to.kind === 'central' || to.kind === 'shared') return null;
      if (to.kind === 'core' && to.folder === 'platform') return null;
      return DENIED(
        'central-not-station',
        "central/ is the protocol's other end: it shares only shared/ and electron/platform/ with the station",
      );
    case 'sim':
      if (to.kind === 'sim' || to.kind === 'shared') return null;
      if (to.kind === 'core' && to.folder === 'platform') return null;
      // A simulated device implements the drivers' interfaces (and the eSCL simulator speaks their XML).
      if (CAPTURE_SCANNERS.test(target)) return null;
      return DENIED(
        'sim-only-devices',
        'sim/ simulates devices and actas: it may import shared/, electron/platform/ and the scanner driver interfaces only',
      );
    case 'shell':
      if (to.kind === 'shell' || to.kind === 'shared') return null;
      if (to.kind === 'core' && to.folder === 'platform') return null;
      return DENIED(
        'shell-is-thin',
        'the Electron shell talks to the core over its process boundary, not by import',
      );
    case 'core': {
      if (to.kind === 'shared') return null;
      if (to.kind === 'sim') {
        if (from.folder === 'app' && to.seam) return null;
        return DENIED(
          'sim-through-composition',
          'only the composition root (electron/app/) imports the simulator, and only through sim/compose.ts',
        );
      }
      if (to.kind === 'central') {
        // npm start's simulated mode enrols the station with the local reference central.
        if (from.folder === 'app' && /^central\/keys(\.ts)?$/.test(target)) return null;
        return DENIED('station-not-central', "the station's core does not contain the central (central/)");
      }
      if (to.kind === 'renderer')
        return DENIED('core-not-renderer', 'the core serves the renderer, it never imports it');
      if (to.kind === 'shell')
        return DENIED('core-not-shell', 'the core runs without Electron: it never imports the shell');
      if (to.kind !== 'core') return null;
      if (to.folder === from.folder) return null;
      if (from.folder === 'platform')
        return DENIED('platform-is-the-ground', 'electron/platform/ imports nothing of ours but shared/');
      if (to.folder === 'app' && from.folder !== 'cli')
        return DENIED('app-is-the-root', 'nothing imports the composition root (electron/app/) but the CLI');
      const a = RANK.get(from.folder);
      const b = RANK.get(to.folder);
      if (b < a) return null;
      return DENIED(
        'layers-point-down',
        `electron/${from.folder}/ may import only the folders below it (${CORE_LAYERS.slice(0, a)
          .flat()
          .join(', ')}); electron/${to.folder}/ is ${b === a ? 'beside' : 'above'} it`,
      );
    }
    default:
      return null;
  }
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specs = node.specifiers ?? [];
  return specs.length > 0 && specs.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Import boundaries of the layout (DESIGN.md §3)' },
    schema: [],
    messages: { denied: '[catd/boundaries: {{rule}}] {{from}} → {{to}}: {{why}}.' },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const fromRel = path.relative(ROOT, file);
    if (fromRel.startsWith('..')) return {};
    const check = (node, source, typeOnly) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const toRel = path.relative(ROOT, path.resolve(path.dirname(file), source.value));
      const v = boundaryViolation(fromRel, toRel, typeOnly);
      if (v)
        context.report({
          node: source,
          messageId: 'denied',
          data: { rule: v.rule, why: v.why, from: fromRel, to: source.value },
        });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source, isTypeOnly(n)),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source, isTypeOnly(n)),
      ExportAllDeclaration: (n) => check(n, n.source, n.exportKind === 'type'),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source, false),
    };
  },
};

export default { rules: { boundaries: rule } };
