// An audit entry as the console's Bitácora shows it, in words: who by name, which acta by its key,
// why (the reason that entry itself carries). The chain's hashes and raw details stay out of the
// screen; the signed export keeps them for the auditor's tools.
export interface AuditRowView {
  seq: number;
  atUtc: string;
  offsetMinutes: number;
  actor: string;
  /** The account's name, when the actor is an account (not "sistema"). */
  actorName: string | null;
  /** The action's code ("console.annul"): the screen says it in words. */
  action: string;
  subject: string;
  /** displayActaKey() of the acta the entry is about, when it is about one. */
  actaKey: string | null;
  reason: string | null;
  /** The operator at whose screen a supervisor acted. */
  operator: string | null;
  /** A conflict's resolution (keep_existing, replace, keep_both). */
  resolution: string | null;
}
