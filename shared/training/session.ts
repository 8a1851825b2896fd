// What the operator's screens learn of a running training session (the core's
// `supervisor.training.session` query): the clock against the time limit, whether time is up,
// and in a lesson the feedback on the trainee's mistakes as they happen.

export interface WrongKeyNote {
  operator: string;
  /** acopio: the two entries of a typed key differed; verificacion: the typed key was not the acta's. */
  where: 'acopio' | 'verificacion';
  /** Real ms from the session's start. */
  atMs: number;
}

export interface TrainingSessionStatus {
  scenario: string;
  kind: 'lesson' | 'rehearsal';
  startedAt: string | null;
  /** Scenario minutes since the start. */
  minutesElapsed: number;
  timeLimitMinutes: number;
  /** The time limit passed: no more acopio or scans in this session. */
  timeUp: boolean;
}

/** One piece of lesson feedback: a message key of the catalogue, and the acta it is about. */
export interface LessonFeedback {
  /** Increases with each mistake: the screen shows the newest ones. */
  seq: number;
  messageKey: string;
  keyLabel: string | null;
}

/** The message key that tells a trainee a mistake, by the mistake's kind. */
export function feedbackKey(m: { kind: string; defect: string | null }): string {
  if (m.kind === 'defectAccepted') return `training.feedback.${m.defect}`;
  if (m.kind === 'goodRejected') return 'training.feedback.goodRejected';
  return 'training.feedback.wrongKey';
}
