// The clock is injected everywhere a time is read, so tests can move it and so a clock jump
// is handled in one place (PREP times are shown "dd/mm/yyyy hh:mm:ss" with their UTC offset).
export interface Clock {
  now(): Date;
  /** Minutes east of UTC in force at that instant (e.g. -360 for CST). */
  utcOffsetMinutes(at: Date): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  utcOffsetMinutes: (at) => -at.getTimezoneOffset(),
};

/** A time as stored: UTC instant plus the offset that was in force at the station. */
export interface StampedTime {
  utc: string;
  offsetMinutes: number;
}

export function stamp(clock: Clock): StampedTime {
  const at = clock.now();
  return { utc: at.toISOString(), offsetMinutes: clock.utcOffsetMinutes(at) };
}
