// Every message key the UPS drivers can show exists in both languages.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enUps, esMXUps } from '../../../../shared/messages/ups';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('UPS messages', () => {
  it('has the same keys in es-MX and en, none empty', () => {
    expect(keys(enUps).sort()).toEqual(keys(esMXUps).sort());
    for (const cat of [esMXUps, enUps]) {
      for (const k of keys(cat)) expect(k.split('.').reduce((o: any, p) => o[p], cat)).not.toBe('');
    }
  });

  it('covers every key the drivers use, and every event type', async () => {
    const root = path.resolve(import.meta.dirname, '../../../../electron/power/ups');
    const used = new Set(
      sources(root).flatMap((f) => fs.readFileSync(f, 'utf8').match(/ups\.error\.[A-Za-z]+/g) ?? []),
    );
    expect(used.size).toBeGreaterThan(10);
    const known = new Set(keys(esMXUps));
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
    const types = [
      'mains_lost',
      'mains_restored',
      'battery_low',
      'shutdown_imminent',
      'communication_lost',
      'communication_restored',
      'data_stale',
      'state_changed',
    ];
    expect(types.filter((t) => !known.has(`ups.event.${t}`))).toEqual([]);
  });
});
