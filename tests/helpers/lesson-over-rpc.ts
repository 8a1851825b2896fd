// The part of the first-hour lesson a trainee works, done over the renderer's RPC for the tests
// of the scoring itself (tests/electron/training/); the e2e test does it at the keyboard in
// Chromium (tests/helpers/trainee.ts). Acta 0 good and accepted, acta 1's folded sheet caught
// (rejected, rescanned), acta 3's blurred sheet let through on purpose (a supervisor accepts the
// rejected page). What the report must then count: 3 actas completed, 1 defective caught,
// 1 defective accepted (blur), 0 good rejected.
import { expect } from 'vitest';
import type { ActaFlow } from './acta-flow';
import { scenarioKeyLabel, type Scenario } from '../../shared/training/scenario';

export async function traineeDoesPartOfLesson(
  flow: ActaFlow,
  lesson: Scenario,
): Promise<{ good: number; caught: number; missed: number }> {
  const key = (i: number) => scenarioKeyLabel(lesson, lesson.actas[i]!.casilla);
  const scan = async (id: number) =>
    flow.op('mutation', 'actas.scan', { actaId: id, version: (await flow.get(id)).version });
  const verify = async (id: number) =>
    flow.op('mutation', 'actas.verify', { actaId: id, version: (await flow.get(id)).version });
  const a0 = await flow.receive(key(0));
  expect((await scan(a0.id)).kind).toBe('digitalizada');
  await verify(a0.id);
  const a1 = await flow.receive(key(1));
  expect((await scan(a1.id)).kind).toBe('rechazada');
  expect((await scan(a1.id)).kind).toBe('digitalizada');
  await verify(a1.id);
  const a3 = await flow.receive(key(3));
  const blurred = await scan(a3.id);
  expect(blurred.kind).toBe('rechazada');
  await flow.sup('supervisor.actas.acceptPage', {
    actaId: a3.id,
    version: (await flow.get(a3.id)).version,
    pageId: blurred.pages[0].id,
    reason: 'error a propósito del aprendiz',
  });
  await verify(a3.id);
  return { good: a0.id, caught: a1.id, missed: a3.id };
}
