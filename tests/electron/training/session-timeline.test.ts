// The training session's timeline, on a manual clock: each event played on the station's devices
// and links at its scenario minute (scaled), a jam's handling timed from what the scanner reports,
// the time limit ending the session, and lesson feedback that exists in a lesson only.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/platform/clock';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { TrainingSession, type PowerEventKind } from '../../../electron/training/session';
import { ScenarioSchema, type Scenario } from '../../../shared/training/scenario';
import { buildTimeline } from '../../../shared/training/timeline';
import { scoreSession } from '../../../shared/training/score';

const MINUTE_MS = 100;

function scenario(kind: Scenario['kind'], events: unknown[]): Scenario {
  return ScenarioSchema.parse({
    format: 'catd-escenario-v1',
    name: 'Prueba de eventos',
    kind,
    timeLimitMinutes: 5,
    catalogue: { election: 'PRES', entidad: '09', distrito: '05', casillas: ['1 B1', '2 B1'] },
    actas: [{ casilla: '1 B1', arrivesAtMinute: 0, sheets: ['good', { defect: 'fold' }] }],
    events,
  });
}

const EVENTS = [
  { event: 'scannerJam', atSheet: 2 },
  { event: 'upsLow', atMinute: 2 },
  { event: 'upsOnBattery', atMinute: 1 },
  { event: 'linkDown', atMinute: 1.5, link: 'primario', forMinutes: 2 },
];

/** A manual clock and the timers the session sets on it. */
function harness(s: Scenario) {
  const clock = new ManualClock(new Date('2024-06-02T20:00:00Z'));
  const tasks: Array<{ at: number; fn: () => void; done: boolean }> = [];
  const played: string[] = [];
  const session = new TrainingSession(s, {
    clock,
    log: createMemoryLogger(),
    minuteMs: MINUTE_MS,
    schedule: (fn, ms) => {
      const t = { at: clock.monotonicMs() + ms, fn, done: false };
      tasks.push(t);
      return { cancel: () => (t.done = true) };
    },
    players: {
      power: (kind: PowerEventKind) => (played.push(kind), true),
      link: (name, down) => (played.push(`${name}:${down ? 'down' : 'up'}`), name === 'primario'),
    },
  });
  const advance = (ms: number) => {
    const until = clock.monotonicMs() + ms;
    for (;;) {
      const next = tasks.filter((t) => !t.done && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      clock.advance(next.at - clock.monotonicMs());
      next.done = true;
      next.fn();
    }
    clock.advance(until - clock.monotonicMs());
  };
  return { session, played, advance };
}

describe('the timeline of a scenario', () => {
  it('puts minute events at their scaled time, in time order, and jams at their sheet', () => {
    const t = buildTimeline(scenario('rehearsal', EVENTS), MINUTE_MS);
    expect(t.timed.map((e) => [e.event.event, e.atMs])).toEqual([
      ['upsOnBattery', 100],
      ['linkDown', 150],
      ['upsLow', 200],
    ]);
    expect(t.links).toEqual([{ index: 3, link: 'primario', downAtMs: 150, upAtMs: 350 }]);
    expect(t.jamSheets).toEqual([{ index: 0, atSheet: 2 }]);
    expect(t.endsAtMs).toBe(500);
  });
});

describe('a training session', () => {
  it('plays each event at its minute, times the jam from the scanner, and ends at the limit', () => {
    const { session, played, advance } = harness(scenario('rehearsal', EVENTS));
    session.start();
    advance(99);
    expect(played).toEqual([]);
    advance(1);
    expect(played).toEqual(['upsOnBattery']);
    // The scanner jams at sheet 2 (the scanner's own state says so) and the trainee clears it 300 ms later.
    session.noteScanner('scanning');
    session.noteScanner('jammed');
    advance(300);
    session.noteScanner('scanning');
    expect(played).toEqual(['upsOnBattery', 'primario:down', 'upsLow', 'primario:up']);
    expect(session.ended()).toBe(false);
    advance(200);
    expect(session.ended()).toBe(true);
    expect(session.status().timeUp).toBe(true);

    const records = session.eventRecords();
    const jam = records.find((r) => r.kind === 'scannerJam')!;
    expect(jam.handledAtMs! - jam.atMs).toBe(300);
    const link = records.find((r) => r.kind === 'linkDown')!;
    expect([link.atMs, link.handledAtMs]).toEqual([150, 350]);

    const score = scoreSession(session.scenario, [], {
      events: records,
      wrongKeys: session.wrongKeyNotes(),
      timeUp: session.ended(),
    });
    expect(score.eventsNeedingOperator).toBe(1);
    expect(score.eventsHandled).toBe(1);
    expect(score.medianReactionSeconds).toBe(0.3);
    expect(score.events.find((e) => e.kind === 'scannerJam')!.reactionSeconds).toBe(0.3);
    expect(score.timeUp).toBe(true);
  });

  it('a second jam the scenario did not ask for is not scored; an unhandled jam stays open', () => {
    const { session, advance } = harness(scenario('rehearsal', [{ event: 'scannerJam', atSheet: 1 }]));
    session.start();
    session.noteScanner('jammed');
    advance(1_000);
    session.noteScanner('jammed');
    expect(session.eventRecords()).toMatchObject([{ kind: 'scannerJam', handledAtMs: null }]);
    session.noteScanner('ready');
    session.noteScanner('jammed');
    expect(session.eventRecords()).toHaveLength(1);
  });

  it('counts keys the workflow refused, and tells them in a lesson only', () => {
    for (const kind of ['lesson', 'rehearsal'] as const) {
      const { session } = harness(scenario(kind, []));
      session.start();
      session.noteWrongKey('operador1', 'acopio');
      const score = scoreSession(session.scenario, [], {
        events: [],
        wrongKeys: session.wrongKeyNotes(),
        timeUp: false,
      });
      expect(score.operators).toMatchObject([{ operator: 'operador1', wrongKeys: 1 }]);
      const told = session.lessonFeedback(score);
      expect(told.map((f) => f.messageKey)).toEqual(kind === 'lesson' ? ['training.feedback.wrongKey'] : []);
      // Asked again with nothing new: the same feedback, not a second copy.
      expect(session.lessonFeedback(score)).toHaveLength(told.length);
    }
  });
});
