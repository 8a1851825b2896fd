// A training session as it runs: the scenario's events played on the station's (simulated)
// devices and links at their moment, what the operator did about each, the keys typed wrong that
// the workflow refused, and the time limit. The session does not touch devices itself: the
// composition root hands it players (sim/compose.ts for the simulated UPS and plant, the link
// relays for links), so the UPS the power watcher reads, the scanner state the screen shows and
// the link the transmitter uses are the same ones as on the night.
//
// What "handled" means, per kind — only what the station can see, never a guess:
// - scannerJam: the feeder jammed (the scanner's own state); handled when the scanner leaves the
//   jammed state, i.e. the trainee took the sheet out and pressed Escanear, as the screen's advice
//   says. Reaction time: jam → that moment.
// - upsOnBattery, upsLow, mainsBack, plantStarts: the station reacts by itself (the power banner
//   on every screen; on upsLow the core refuses new scans). There is no acknowledgement in the
//   product, so no reaction time is invented: the report lists these as shown, not as scored.
// - linkDown: the transmitter fails over or waits by itself; the operator needs do nothing. The
//   report shows when the link came back, and the score counts actas still not acknowledged by
//   the central, which is what losing one would look like.
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Scenario, ScenarioEventKind } from '../../shared/training/scenario';
import {
  buildTimeline,
  REAL_MINUTE_MS,
  type EventRecord,
  type Timeline,
} from '../../shared/training/timeline';
import {
  feedbackKey,
  type LessonFeedback,
  type TrainingSessionStatus,
  type WrongKeyNote,
} from '../../shared/training/session';
import type { SessionScore } from '../../shared/training/score';

export type PowerEventKind = Extract<
  ScenarioEventKind,
  'upsOnBattery' | 'upsLow' | 'mainsBack' | 'plantStarts'
>;

export interface TrainingPlayers {
  /** Puts the UPS or plant in that state; false when they are not simulated (a real unit). */
  power(kind: PowerEventKind): boolean;
  /** Cuts or restores a link; false when no link of that name is in play. */
  link(name: string, down: boolean): boolean;
}

export interface TrainingSessionDeps {
  clock: Clock;
  log: Logger;
  players: TrainingPlayers;
  /** Real ms one scenario minute lasts (tests shrink it); default a real minute. */
  minuteMs?: number;
  /** Timers (tests drive their own). */
  schedule?: (fn: () => void, ms: number) => { cancel(): void };
}

const realSchedule = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
};

export class TrainingSession {
  readonly timeline: Timeline;
  readonly minuteMs: number;
  private startedMono = 0;
  private startedAt: Date | null = null;
  private endedAtMs: number | null = null;
  private readonly timers: Array<{ cancel(): void }> = [];
  private readonly records: EventRecord[] = [];
  private readonly wrongKeys: WrongKeyNote[] = [];
  /** Jams the scenario still expects, in sheet order; the next jam the scanner shows is the first. */
  private readonly jamsPending: number[];
  private openJam: EventRecord | null = null;
  private readonly endListeners = new Set<() => void>();
  /** Lesson feedback given so far, and how many of each mistake it covers. */
  private readonly feedback: LessonFeedback[] = [];
  private readonly told = new Map<string, number>();

  constructor(
    readonly scenario: Scenario,
    private readonly deps: TrainingSessionDeps,
  ) {
    this.minuteMs = deps.minuteMs ?? REAL_MINUTE_MS;
    this.timeline = buildTimeline(scenario, this.minuteMs);
    this.jamsPending = this.timeline.jamSheets.map((j) => j.index);
  }

  start(): void {
    const schedule = this.deps.schedule ?? realSchedule;
    this.startedMono = this.deps.clock.monotonicMs();
    this.startedAt = this.deps.clock.now();
    this.deps.log.info('training-session-start', {
      scenario: this.scenario.name,
      kind: this.scenario.kind,
      minuteMs: this.minuteMs,
      events: this.scenario.events.length,
    });
    for (const t of this.timeline.timed) {
      if (t.event.event === 'linkDown') continue;
      const kind = t.event.event as PowerEventKind;
      this.timers.push(schedule(() => this.playPower(t.index, kind), t.atMs));
    }
    for (const w of this.timeline.links) {
      this.timers.push(schedule(() => this.playLink(w.index, w.link, true), w.downAtMs));
      this.timers.push(schedule(() => this.playLink(w.index, w.link, false), w.upAtMs));
    }
    this.timers.push(schedule(() => this.end(), this.timeline.endsAtMs));
  }

  stop(): void {
    for (const t of this.timers.splice(0)) t.cancel();
  }

  /** Real ms since the session started. */
  elapsedMs(): number {
    return this.deps.clock.monotonicMs() - this.startedMono;
  }

  ended(): boolean {
    return this.endedAtMs !== null;
  }

  onEnd(listener: () => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** The scanner's state, as its status cell reports it: a jam opens a record, leaving it closes it. */
  noteScanner(state: string): void {
    if (state === 'jammed' && !this.openJam) {
      const index = this.jamsPending.shift();
      // A jam the scenario did not ask for (a real scanner in a rehearsal) is the night's own: not scored.
      if (index === undefined) return;
      this.openJam = this.record(index, 'scannerJam', null, true);
      return;
    }
    if (state !== 'jammed' && this.openJam) {
      this.openJam.handledAtMs = this.elapsedMs();
      this.deps.log.info('training-event-handled', {
        index: this.openJam.index,
        event: 'scannerJam',
        reactionMs: this.openJam.handledAtMs - this.openJam.atMs,
      });
      this.openJam = null;
    }
  }

  /** A key the workflow refused: the two entries differed, or differed from the acta's key. */
  noteWrongKey(operator: string, where: WrongKeyNote['where']): void {
    this.wrongKeys.push({ operator, where, atMs: this.elapsedMs() });
  }

  eventRecords(): EventRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  wrongKeyNotes(): WrongKeyNote[] {
    return [...this.wrongKeys];
  }

  status(): TrainingSessionStatus {
    const elapsed = this.startedAt ? this.elapsedMs() : 0;
    return {
      scenario: this.scenario.name,
      kind: this.scenario.kind,
      startedAt: this.startedAt?.toISOString() ?? null,
      minutesElapsed: Math.floor(elapsed / this.minuteMs),
      timeLimitMinutes: this.scenario.timeLimitMinutes,
      timeUp: this.ended(),
    };
  }

  /**
   * In a lesson, one piece of feedback per mistake the score counts, as soon as the score counts
   * it (the feedback is exactly what the report will hold); in a rehearsal, never any.
   */
  lessonFeedback(score: SessionScore): LessonFeedback[] {
    if (this.scenario.kind !== 'lesson') return [];
    const seen = new Map<string, number>();
    for (const m of score.mistakes) {
      const sig = `${m.kind}|${m.keyLabel}|${m.defect ?? ''}`;
      const n = (seen.get(sig) ?? 0) + 1;
      seen.set(sig, n);
      if (n <= (this.told.get(sig) ?? 0)) continue;
      this.told.set(sig, n);
      this.feedback.push({
        seq: this.feedback.length + 1,
        messageKey: feedbackKey(m),
        keyLabel: m.keyLabel || null,
      });
    }
    return [...this.feedback];
  }

  private record(index: number, kind: ScenarioEventKind, link: string | null, needsOperator: boolean) {
    const r: EventRecord = { index, kind, link, atMs: this.elapsedMs(), needsOperator, handledAtMs: null };
    this.records.push(r);
    this.deps.log.info('training-event', { index, event: kind, link, atMs: r.atMs });
    return r;
  }

  private playPower(index: number, kind: PowerEventKind): void {
    if (!this.deps.players.power(kind)) {
      this.deps.log.warn('training-event-not-played', { index, event: kind, why: 'not-simulated' });
      return;
    }
    this.record(index, kind, null, false);
  }

  private playLink(index: number, link: string, down: boolean): void {
    if (!this.deps.players.link(link, down)) {
      this.deps.log.warn('training-event-not-played', { index, event: 'linkDown', why: 'no-such-link' });
      return;
    }
    if (down) this.record(index, 'linkDown', link, false);
    else {
      const r = this.records.find((x) => x.index === index);
      // For a link, "handled" is its return: the station recovered by itself (see above).
      if (r) r.handledAtMs = this.elapsedMs();
      this.deps.log.info('training-event-handled', { index, event: 'linkDown', link });
    }
  }

  private end(): void {
    if (this.endedAtMs !== null) return;
    this.endedAtMs = this.elapsedMs();
    this.deps.log.info('training-session-end', { scenario: this.scenario.name, atMs: this.endedAtMs });
    for (const l of this.endListeners) l();
  }
}
