// Both catalogues carry the same keys, every scanner state has an instruction, and every error
// key the drivers emit has a text.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { enScanner, esMXScanner } from '../../../../shared/messages/scanner';
import { SCANNER_STATES } from '../../../../shared/domain';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

it('es-MX and en have the same keys', () => {
  expect(keys(enScanner).sort()).toEqual(keys(esMXScanner).sort());
});

it('every scanner state has an action text', () => {
  for (const s of SCANNER_STATES) expect(esMXScanner.scanner.action[s]).toBeTruthy();
});

it('every scanner.error key used in the drivers exists in the catalogue', () => {
  const roots = ['electron/capture/scanners', 'sim/devices/scanner.ts'];
  const files = roots.flatMap((r) =>
    fs.statSync(r).isDirectory()
      ? (fs.readdirSync(r, { recursive: true }) as string[])
          .filter((f) => f.endsWith('.ts'))
          .map((f) => path.join(r, f))
      : [r],
  );
  const used = new Set<string>();
  for (const f of files) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/scanner\.error\.(\w+)/g)) used.add(m[1]!);
  }
  expect(used.size).toBeGreaterThan(10);
  for (const k of used) expect(esMXScanner.scanner.error, k).toHaveProperty(k);
});
