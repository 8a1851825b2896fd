// The trainer's report as a PDF the core writes itself (/capacitacion/informe.pdf): after a
// trainee's part of the first-hour lesson, the text a PDF reader extracts (poppler's pdftotext)
// holds what the trainee did, with its accents; the file is Letter and its pages say "n de N".
// A long session runs onto more pages, its tables' headers repeated.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../../shared/training/scenario';
import type { SessionScore } from '../../../shared/training/score';
import { reportPdf } from '../../../electron/server/training-report-pdf';
import { reportRows, startTrainingStation, type TrainingStation } from '../../helpers/training-station';
import { traineeDoesPartOfLesson } from '../../helpers/lesson-over-rpc';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-report-pdf-'));
const file = path.resolve('docs/capacitacion/escenarios/primera-hora.json');
const parsed = parseScenario(fs.readFileSync(file, 'utf8'));
if (!parsed.ok) throw new Error('invalid lesson');
const lesson: Scenario = parsed.scenario;
let station: TrainingStation;

beforeAll(async () => {
  station = await startTrainingStation(path.join(tmp, 'core'), file, 'CATD-AULA-01');
}, 60_000);
afterAll(async () => {
  await station?.core.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});
fs.mkdirSync(path.join(tmp, 'core'));

/** What poppler reads from a PDF: its text laid out as on the page, its page count and size. */
function readPdf(pdf: Buffer, name: string): { text: string; pages: number; size: string; file: string } {
  const out = path.join(tmp, name);
  fs.writeFileSync(out, pdf);
  const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
  return {
    text: execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }),
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    size: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
    file: out,
  };
}

const get = (cookie?: string) =>
  fetch(`${station.core.origin}/capacitacion/informe.pdf`, { headers: cookie ? { cookie } : {} });

describe("the trainer's report as a PDF", () => {
  it('holds what the trainee did, readable, on Letter pages; for a supervisor only', async () => {
    await traineeDoesPartOfLesson(station.flow, lesson);
    const [csv] = await reportRows(station);

    const res = await get(station.supervisor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="capacitacion.pdf"');
    const pdf = readPdf(Buffer.from(await res.arrayBuffer()), 'capacitacion.pdf');

    expect(pdf.size).toContain('(letter)');
    expect(pdf.text).toContain(`página ${pdf.pages} de ${pdf.pages}`);
    expect(pdf.text).toContain('CAPACITACIÓN — no es un documento de la operación real');
    expect(pdf.text).toContain('Informe de capacitación: Primera hora');
    expect(pdf.text).toContain('Lección (con ayudas en pantalla)');
    // The operator's row, in the page's column order: the same figures as the CSV.
    const row = pdf.text.split('\n').find((l) => l.trim().startsWith('operador1'));
    expect(row?.trim().split(/\s+/)).toEqual([
      'operador1',
      '3', // actas completed
      csv!.mediana_s,
      csv!.p90_s,
      '1', // defective caught (the fold)
      '1', // defective accepted (the blur)
      '0', // good rejected
      `${csv!.conflictos_resueltos}/${csv!.conflictos}`,
      csv!.claves_erroneas,
    ]);
    // One bar per completed acta, and the blur let through among the mistakes.
    expect(pdf.text.match(/operador1 · acta \d+ +\d+ ?s/g)).toHaveLength(3);
    expect(pdf.text).toMatch(/hoja defectuosa aceptada \(borrosa\) +1/);
    expect(pdf.text).toContain('Eventos del escenario');

    // Not for a window without a session, nor for an operator's.
    expect((await get()).status).toBe(401);
    expect((await get(station.flow.operator)).status).toBe(403);
  }, 240_000);

  it('runs a long session onto more pages, table headers repeated', () => {
    const operators = ['operador1', 'operador2'].map((operator) => ({
      operator,
      actasCompleted: 40,
      acceptanceSeconds: Array.from({ length: 40 }, (_, i) => 20 + i),
      medianSeconds: 39,
      p90Seconds: 55,
      defectiveCaught: 2,
      defectiveAccepted: 0,
      goodRejected: 1,
      conflictsSeen: 0,
      conflictsResolved: 0,
      wrongKeys: 0,
    }));
    const events = Array.from({ length: 80 }, (_, i) => ({
      kind: 'scannerJam' as const,
      atMs: i * 30_000,
      needsOperator: true,
      reactionSeconds: 4,
    }));
    const score = {
      scenario: 'Simulacro ¿largo? ¡sí! (noche)',
      kind: 'drill',
      operators,
      mistakes: [],
      events,
      eventsNeedingOperator: 80,
      eventsHandled: 80,
      medianReactionSeconds: 4,
      timeUp: false,
    } as unknown as SessionScore;
    const pdf = readPdf(reportPdf(score), 'largo.pdf');
    expect(pdf.pages).toBeGreaterThan(1);
    expect(pdf.text).toContain(`página ${pdf.pages} de ${pdf.pages}`);
    expect(pdf.text).toContain('Informe de capacitación: Simulacro ¿largo? ¡sí! (noche)');
    expect(pdf.text.match(/operador2 · acta \d+ +\d+ ?s/g)).toHaveLength(40);
    expect(pdf.text.match(/Atasco del escáner +[\d.]+ s +atendido en 4 s/g)).toHaveLength(80);
    // The events table ran onto a second page: its header is there again.
    const headers = pdf.text.match(/Evento +Desde el inicio +Atención/g) ?? [];
    expect(headers.length).toBeGreaterThan(1);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf.file, path.join(tmp, 'largo')]);
    expect(fs.statSync(path.join(tmp, `largo-${pdf.pages > 9 ? '01' : '1'}.png`)).size).toBeGreaterThan(0);
  });
});
