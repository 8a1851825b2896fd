// DESIGN.md §4: each table is owned by one module, the only one that runs SQL on it. A module
// declares what it owns in a "// Tables owned: a, b." header line; the tables come from the
// migrations themselves, so a new table without an owner fails here, and so does any module
// under electron/ that names someone else's table in SQL.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../electron/store/migrations';

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** The schema itself: it creates every table, so it names them all. */
const SCHEMA_FILE = 'electron/store/migrations.ts';
const OWNED_HEADER = /^\/\/ Tables owned: ([\w, ]+)\.$/m;
const CREATE_TABLE = /\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w+)/gi;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Whole-line comments out: prose ("read from the outbox") is not SQL. */
function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l))
    .join('\n');
}

/** The tables this text names where SQL would: after FROM, JOIN, INTO, UPDATE, TABLE, ON, REFERENCES. */
function tablesInSql(text: string, tables: readonly string[]): string[] {
  const code = withoutComments(text);
  return tables.filter((t) =>
    new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS|ON|REFERENCES)\\s+["\`]?${t}\\b`, 'i').test(code),
  );
}

function createdTables(sql: string): string[] {
  return [...sql.matchAll(CREATE_TABLE)].map((m) => m[1]!);
}

const files = sources('electron');
const text = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));

/** Every table of the station's database: the migrations' and any a module creates for itself. */
const TABLES = [
  ...new Set([
    ...MIGRATIONS.flatMap((m) => createdTables(m.sql)),
    ...files.filter((f) => f !== SCHEMA_FILE).flatMap((f) => createdTables(withoutComments(text.get(f)!))),
  ]),
].sort();

/** Table → the modules whose header claims it. */
const claims = new Map<string, string[]>();
for (const f of files) {
  const m = OWNED_HEADER.exec(text.get(f)!);
  if (!m) continue;
  for (const t of m[1]!.split(',').map((s) => s.trim())) claims.set(t, [...(claims.get(t) ?? []), f]);
}

describe('table ownership', () => {
  it('finds the tables the migrations create', () => {
    expect(TABLES).toEqual(expect.arrayContaining(['actas', 'audit_log', 'outbox', 'schema_migrations']));
  });

  it('every table has exactly one owner, and every claimed table exists', () => {
    const problems = [
      ...TABLES.flatMap((t) => {
        const owners = claims.get(t) ?? [];
        if (owners.length === 0) return [`${t}: no module declares "// Tables owned: ${t}."`];
        if (owners.length > 1) return [`${t}: claimed by ${owners.join(' and ')}`];
        return [];
      }),
      ...[...claims.entries()]
        .filter(([t]) => !TABLES.includes(t))
        .map(([t, owners]) => `${owners.join(', ')} claims ${t}, which no migration creates`),
    ];
    expect(problems).toEqual([]);
  });

  it("the schema's ownership notes name the same owners", () => {
    const noted = MIGRATIONS.flatMap((m) =>
      [...m.sql.matchAll(/--\s*Owned by (\S+?\.ts)\b[\s\S]*?CREATE\s+TABLE\s+(\w+)/g)].map((x) => ({
        table: x[2]!,
        owner: x[1]!,
      })),
    );
    expect(noted.length).toBeGreaterThan(0);
    expect(noted.filter((n) => claims.get(n.table)?.[0] !== n.owner)).toEqual([]);
  });

  it('no module runs SQL on a table it does not own', () => {
    const violations = files
      .filter((f) => f !== SCHEMA_FILE)
      .flatMap((f) =>
        tablesInSql(text.get(f)!, TABLES)
          .filter((t) => !claims.get(t)?.includes(f))
          .map((t) => `${f} runs SQL on ${t}, owned by ${claims.get(t)?.join(' and ') ?? 'nobody'}`),
      );
    expect(violations).toEqual([]);
  });

  it('the scan sees SQL however a module writes it, and not prose or code that merely names a table', () => {
    const tables = ['outbox', 'outbox_images', 'actas'];
    expect(tablesInSql("db.prepare('SELECT * FROM outbox WHERE id = ?')", tables)).toEqual(['outbox']);
    expect(tablesInSql('`INSERT INTO outbox_images (outbox_id) VALUES (?)`', tables)).toEqual([
      'outbox_images',
    ]);
    expect(tablesInSql("'update actas set held = 1'", tables)).toEqual(['actas']);
    expect(tablesInSql('SELECT n.id FROM x n JOIN actas a ON a.id = n.acta_id', tables)).toEqual(['actas']);
    expect(tablesInSql('DELETE FROM "outbox"', tables)).toEqual(['outbox']);
    expect(tablesInSql("outbox.list('dead'); const actas = wf.list();", tables)).toEqual([]);
    expect(
      tablesInSql('// an acta read from outbox rows\n/* UPDATE actas */\n * FROM actas', tables),
    ).toEqual([]);
  });
});
