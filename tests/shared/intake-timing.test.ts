// The node's own time in an intake answer (shared/intake.ts intakeTiming): what a station reads
// back, whatever else a proxy on the way adds to the header.
import { describe, expect, it } from 'vitest';
import { intakeTiming, intakeTimingMs } from '../../shared/intake';

describe('Server-Timing of an intake answer', () => {
  it('reads back what the node wrote, among other metrics or header lines', () => {
    expect(intakeTimingMs(intakeTiming(12.34))).toBe(12.3);
    expect(intakeTimingMs('cache;dur=3, intake;dur=7')).toBe(7);
    expect(intakeTimingMs(['edge;dur=1', 'intake;dur=42.5'])).toBe(42.5);
  });

  it('is null for an answer that names no node time (an older central, a proxy, a stranger)', () => {
    for (const h of [undefined, '', 'edge;dur=5', 'intakex;dur=5', 'intake;dur=', 'intake;dur=-3', 'intake'])
      expect(intakeTimingMs(h)).toBeNull();
  });
});
