// The product's import graph, folder by folder (scripts/import-graph.mjs, read with the
// TypeScript parser): the folders of the core form no cycle, no capability imports the
// composition root, and docs/architecture.md shows the graph the code has today.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without type declarations
import * as graphTool from '../../scripts/import-graph.mjs';

interface Edge {
  from: string;
  to: string;
  files: string[];
  typeOnly: boolean;
}
interface Graph {
  nodes: string[];
  edges: Edge[];
}
const tool = graphTool as {
  ROOT: string;
  DOC: string;
  buildGraph(): Graph;
  folderCycles(g: Graph, o?: { includeTypeOnly?: boolean }): string[][];
  renderDocSection(g: Graph): string;
  withSection(doc: string, section: string): string | null;
};

const graph = tool.buildGraph();

it('sees the whole product: every core folder, the shell, shared, renderer, sim and the central', () => {
  for (const n of [
    'electron/platform',
    'electron/capture',
    'electron/app',
    'shared',
    'renderer',
    'sim',
    'central',
  ])
    expect(graph.nodes).toContain(n);
  expect(graph.edges.length).toBeGreaterThan(30);
});

it('has no folder cycle, counting type-only imports too (save the RPC type shared/ names)', () => {
  expect(tool.folderCycles(graph)).toEqual([]);
  const withTypes = tool.folderCycles(graph, { includeTypeOnly: true });
  // The renderer's RPC type: shared/rpc.ts names the server's router type, erased at build time.
  expect(withTypes.filter((c) => !(c.includes('shared') && c.includes('electron/server')))).toEqual([]);
});

it('has no arrow from a capability up to the composition root (only the CLI starts the core)', () => {
  const intoApp = graph.edges.filter((e) => e.to === 'electron/app').map((e) => e.from);
  expect(intoApp).toEqual(['electron/cli']);
});

it('keeps the simulator and the central out of the capabilities', () => {
  const simUsers = graph.edges.filter((e) => e.to === 'sim' && e.from.startsWith('electron'));
  expect(simUsers.map((e) => e.from)).toEqual(['electron/app']);
  expect(simUsers[0]!.files.every((f) => f.endsWith('sim/compose'))).toBe(true);
  const centralUsers = graph.edges.filter((e) => e.to === 'central' && e.from !== 'central');
  expect(centralUsers.map((e) => e.from)).toEqual(['electron/app']);
  const fromCentral = graph.edges.filter((e) => e.from === 'central').map((e) => e.to);
  expect(fromCentral.every((t) => t === 'shared' || t === 'electron/platform')).toBe(true);
});

it('is drawn as it is in docs/architecture.md (regenerate: node scripts/import-graph.mjs --write)', () => {
  const doc = fs.readFileSync(path.join(tool.ROOT, tool.DOC), 'utf8');
  const expected = tool.withSection(doc, tool.renderDocSection(graph));
  expect(expected, `${tool.DOC} lacks the import-graph markers`).not.toBeNull();
  expect(doc === expected, `${tool.DOC} is out of date: run node scripts/import-graph.mjs --write`).toBe(
    true,
  );
});
