// `catd training pack`: the PDF opens (pdftoppm renders every page), it holds a cover sheet and
// one page per sheet of the scenario, and the QR labels printed on it are read by the product's
// own gate after a print-and-scan simulation (the page rendered at 300 dpi, then scanned through
// the simulator's scanner personalities). A label the scenario blots stays unreadable.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../electron/capture/quality/gate';
import { PERSONALITIES, scanAs } from '../../../sim/acta/scanner-personality';
import { actaKeyId } from '../../../shared/acta-key';
import { parseScenario, scenarioKey, type Scenario } from '../../../shared/training/scenario';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-pack-'));
const scenarioFile = 'docs/capacitacion/escenarios/noche-dificil.json';
const parsed = parseScenario(fs.readFileSync(scenarioFile, 'utf8'));
if (!parsed.ok) throw new Error('invalid');
const s: Scenario = parsed.scenario;
const pdf = path.join(tmp, 'noche.pdf');
const gate = new QualityGate();
/** The pack's pages in order, one per sheet (the cover is page 1). */
const sheetsInOrder = s.actas.flatMap((a) => a.sheets.map((sh) => ({ casilla: a.casilla, sheet: sh })));

beforeAll(() => {
  // The command from source (a built bundle may predate it), as a development checkout runs it.
  const tsx = path.resolve('node_modules/.bin/tsx');
  const r = spawnSync(tsx, ['electron/cli/catd.ts', 'training', 'pack', scenarioFile, '--out', pdf], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 300_000);
afterAll(async () => {
  await gate.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function render(page: number, dpi: number): string {
  const out = path.join(tmp, `p${page}-${dpi}`);
  const r = spawnSync('pdftoppm', [
    '-r',
    String(dpi),
    '-gray',
    '-png',
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    pdf,
    out,
  ]);
  expect(r.status).toBe(0);
  return `${out}.png`;
}

describe('the training pack', () => {
  it('opens: a cover sheet, then one Letter page per sheet of the scenario', () => {
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
    expect(pages).toBe(1 + sheetsInOrder.length);
    expect(info.stdout).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    // Small enough to mail to a CATD and spool to its printer: a 300-dpi grey JPEG per sheet is
    // ~0.25 MB (raw samples deflated were ~3.5 MB a page, 70 MB for this pack).
    expect(fs.statSync(pdf).size).toBeLessThan(pages * 400_000);
    const images = spawnSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).stdout;
    const sheets = images.split('\n').filter((l) => /\bimage\b/.test(l));
    expect(sheets.length).toBe(sheetsInOrder.length);
    // Each at print resolution, in grey: 300 ppi both ways.
    for (const l of sheets) expect(l).toMatch(/\s+gray\s+1\s+8\s+jpeg\s+\S+\s+\d+\s+\d+\s+300\s+300\s/);
    // Every page renders.
    const r = spawnSync('pdftoppm', ['-r', '20', '-png', pdf, path.join(tmp, 'all')]);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('all-')).length).toBe(pages);
    const text = spawnSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('CAPACITACIÓN');
    expect(text).toMatch(/doblar la esquina inferior derecha/);
  });

  it("the gate reads each printed label's key after print and scan; a blotted label does not read", async () => {
    const results: string[] = [];
    for (const [i, { casilla, sheet }] of sheetsInOrder.entries()) {
      const defect = sheet === 'good' ? null : sheet.defect;
      // Printed without an image defect (good sheets, and those whose defect is made by hand).
      const clean = defect === null || defect === 'fold' || defect === 'skew';
      if (!clean && defect !== 'qrDamaged') continue;
      // Three sheets are enough to show it (a good one, a folded-by-hand one, the blotted one):
      // each page is rendered at 300 dpi and scanned, which is slow on a loaded machine.
      if (
        !['good', 'fold', 'qrDamaged'].includes(defect ?? 'good') ||
        results.some((r) => r.includes(`:${defect ?? 'good'}:`))
      )
        continue;
      const png = render(i + 2, 300);
      const { data, info } = await sharp(png)
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      const personality = PERSONALITIES[i % PERSONALITIES.length]!;
      const scanned = await scanAs(
        { data, width: info.width, height: info.height, channels: 1 },
        personality,
        null,
        i + 1,
      );
      const r = await gate.inspect(scanned.bytes);
      if (!r.ok) throw new Error(`sheet ${i + 1}: ${JSON.stringify(r.error)}`);
      const id = r.value.identification;
      const read = id.ok ? actaKeyId(id.value.key) : 'unread';
      results.push(
        `${casilla}:${defect ?? 'good'}:${read === actaKeyId(scenarioKey(s, casilla)) ? 'read' : read}`,
      );
    }
    // Every clean sheet's label reads as its own key; the blotted one does not read at all.
    expect(results.filter((r) => r.endsWith(':read')).length).toBe(results.length - 1);
    expect(results.find((r) => r.includes(':qrDamaged:'))).toMatch(/:unread$/);
  }, 400_000);
});
