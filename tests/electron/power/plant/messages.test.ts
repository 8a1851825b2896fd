import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enPlant, esMXPlant } from '../../../../shared/messages/plant';
import { DSE_GENCOMM_MAP } from '../../../../electron/power/plant/register-map';

const has = (catalogue: object, key: string) =>
  typeof key
    .split('.')
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], catalogue) === 'string';

describe('plant messages', () => {
  it('every message key the driver can show exists in Spanish and English', () => {
    const dir = path.resolve('electron/power/plant');
    const source = fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const keys = new Set(
      [...source.matchAll(/'(plant\.(?:error|warning|status)\.[A-Za-z]+)'/g)].map((m) => m[1]!),
    );
    for (const a of DSE_GENCOMM_MAP.alarms) keys.add(`plant.alarm.${a.code}`);
    expect(keys.size).toBeGreaterThan(10);
    for (const key of keys) {
      expect(has(esMXPlant, key), `es-MX ${key}`).toBe(true);
      expect(has(enPlant, key), `en ${key}`).toBe(true);
    }
  });
});
