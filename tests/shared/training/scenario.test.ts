// A trainer's scenario file: the three shipped ones are valid, and a mistake is reported with the
// line it is on and the field, in words that say what to write instead.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  actaTruth,
  describeScenarioProblems,
  parseScenario,
  scenarioKeyLabel,
} from '../../../shared/training/scenario';

const DIR = 'docs/capacitacion/escenarios';
const read = (name: string) => fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8');

describe('the shipped scenarios', () => {
  for (const name of ['primera-hora', 'simulacro-completo', 'noche-dificil']) {
    it(`${name} is valid`, () => {
      const r = parseScenario(read(name));
      expect(r.ok ? [] : r.problems).toEqual([]);
    });
  }

  it('the bad night has every defect, a duplicate key, an acta out of catalogue and every event', () => {
    const r = parseScenario(read('noche-dificil'));
    if (!r.ok) throw new Error('invalid');
    const s = r.scenario;
    const defects = new Set(
      s.actas.flatMap((a) => a.sheets.flatMap((x) => (x === 'good' ? [] : [x.defect]))),
    );
    expect([...defects].sort()).toEqual(
      ['blur', 'cutOff', 'dark', 'fold', 'lowResolution', 'otherActaQr', 'qrDamaged'].sort(),
    );
    const truths = s.actas.map((_, i) => actaTruth(s, i));
    expect(truths.filter((t) => t.duplicate)).toHaveLength(1);
    expect(truths.filter((t) => t.outOfCatalogue)).toHaveLength(1);
    expect(new Set(s.events.map((e) => e.event))).toEqual(
      new Set(['scannerJam', 'upsOnBattery', 'upsLow', 'plantStarts', 'linkDown']),
    );
    expect(scenarioKeyLabel(s, '1999 B1')).toMatch(/^PREP\|2024\|PRES\|09\|05\|1999\|B\|1\|\d$/);
  });

  it('only the lesson gives instant feedback', () => {
    const kinds = ['primera-hora', 'simulacro-completo', 'noche-dificil'].map((n) => {
      const r = parseScenario(read(n));
      return r.ok ? r.scenario.kind : null;
    });
    expect(kinds).toEqual(['lesson', 'rehearsal', 'rehearsal']);
  });
});

describe('a mistake in a scenario file', () => {
  it('names the line and the field of an unknown defect, and lists the ones that exist', () => {
    const text = read('primera-hora').replace('"defect": "fold"', '"defect": "doblada"');
    const lineOfMistake = text.split('\n').findIndex((l) => l.includes('"doblada"')) + 1;
    const r = parseScenario(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: lineOfMistake, field: 'actas[1].sheets[0].defect' });
    expect(r.problems[0]!.message).toContain('fold');
    expect(describeScenarioProblems('x.json', r.problems)).toBe(
      `x.json:${lineOfMistake} · actas[1].sheets[0].defect: ${r.problems[0]!.message}`,
    );
  });

  it('catches a badly written casilla, actas out of order, and an event without its time', () => {
    const s = JSON.parse(read('noche-dificil'));
    s.actas[2].casilla = '1202-B1';
    s.actas[4].arrivesAtMinute = 0;
    delete s.events[1].atMinute;
    const text = JSON.stringify(s, null, 2);
    const r = parseScenario(text);
    if (r.ok) throw new Error('accepted');
    const byField = Object.fromEntries(r.problems.map((p) => [p.field, p]));
    expect(byField['actas[2].casilla']!.message).toContain('«1234 B1»');
    expect(byField['actas[4].arrivesAtMinute']!.message).toContain('orden de llegada');
    expect(byField['events[1]']!.message).toContain('atMinute');
    const lines = text.split('\n');
    expect(lines[byField['actas[2].casilla']!.line - 1]).toContain('"1202-B1"');
  });

  it('a file that is not JSON says so, with the line', () => {
    const r = parseScenario('{\n  "format": "catd-escenario-v1",\n  "name": oops\n}');
    if (r.ok) throw new Error('accepted');
    expect(r.problems[0]).toMatchObject({ line: 3, field: '(archivo)' });
  });
});
