// A training session's timeline: when each of the scenario's device and link events is due, and
// what the session recorded of them. Time in a session is "scenario minutes" from its start; one
// scenario minute lasts `minuteMs` of real time (60 000 by default; tests shrink it so a scenario
// plays in seconds). Pure, so the schedule is tested without a clock.
import type { Scenario, ScenarioEvent, ScenarioEventKind } from './scenario';

export const REAL_MINUTE_MS = 60_000;

/** An event due at a moment of the session (ms of real time from its start). */
export interface TimedEvent {
  /** Its index in the scenario's `events`: names the event in the record and the report. */
  index: number;
  event: ScenarioEvent;
  atMs: number;
}

/** The link events a `linkDown` makes: the cut at its minute, the return `forMinutes` later. */
export interface LinkWindow {
  index: number;
  link: string;
  downAtMs: number;
  upAtMs: number;
}

export interface Timeline {
  /** UPS, plant and link-cut events, by time (ties keep the scenario's order). */
  timed: TimedEvent[];
  links: LinkWindow[];
  /** Jams, by the session's sheet number at which the feeder jams (before that sheet feeds). */
  jamSheets: Array<{ index: number; atSheet: number }>;
  /** When the session ends (ms of real time from its start). */
  endsAtMs: number;
}

export function buildTimeline(s: Scenario, minuteMs: number = REAL_MINUTE_MS): Timeline {
  const timed: TimedEvent[] = [];
  const links: LinkWindow[] = [];
  const jamSheets: Timeline['jamSheets'] = [];
  s.events.forEach((event, index) => {
    if (event.atSheet !== undefined) {
      // The schema lets any event name a sheet; only a jam happens "at a sheet": the others are
      // played when that many sheets have been fed (see sheetEventsDue).
      if (event.event === 'scannerJam') jamSheets.push({ index, atSheet: event.atSheet });
      return;
    }
    const atMs = Math.round((event.atMinute ?? 0) * minuteMs);
    timed.push({ index, event, atMs });
    if (event.event === 'linkDown')
      links.push({
        index,
        link: event.link!,
        downAtMs: atMs,
        upAtMs: atMs + Math.round(event.forMinutes! * minuteMs),
      });
  });
  timed.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  return { timed, links, jamSheets, endsAtMs: Math.round(s.timeLimitMinutes * minuteMs) };
}

/** Events other than jams placed "at a sheet": due once `fed` sheets have gone through. */
export function sheetEventsDue(s: Scenario, fed: number): Array<{ index: number; event: ScenarioEvent }> {
  return s.events.flatMap((event, index) =>
    event.atSheet !== undefined && event.event !== 'scannerJam' && event.atSheet === fed + 1
      ? [{ index, event }]
      : [],
  );
}

/**
 * What a session recorded of one event. `handledAtMs` is when the operator's handling showed in
 * the station (see the session's comment for what counts as handled per kind); null while it has
 * not, or when the kind asks nothing of the operator (`needsOperator` false).
 */
export interface EventRecord {
  index: number;
  kind: ScenarioEventKind;
  /** The link's name (linkDown). */
  link: string | null;
  /** Real ms from the session's start when it happened (a jam: when the feeder jammed). */
  atMs: number;
  needsOperator: boolean;
  handledAtMs: number | null;
}

/** Seconds (one decimal) from an event to its handling, or null. */
export function reactionSeconds(r: EventRecord): number | null {
  return r.handledAtMs === null ? null : Math.round((r.handledAtMs - r.atMs) / 100) / 10;
}
