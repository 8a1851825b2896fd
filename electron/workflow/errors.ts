// Refusals of the workflow: a code, its message key and the acta's state and version when it was
// refused, so the screen can say "esta acta está en cola" instead of a stack trace. Thrown inside
// the transaction (which rolls it back); the RPC layer turns it into a typed answer.
import type { ActaState, WorkflowErrorCode, WorkflowErrorInfo } from '../../shared/workflow';

export class WorkflowError extends Error {
  override name = 'WorkflowError';
  readonly messageKey: string;

  constructor(
    readonly code: WorkflowErrorCode,
    readonly extra: { state?: ActaState; version?: number; detail?: string; messageKey?: string } = {},
  ) {
    super(
      `${code}${extra.state ? ` (estado ${extra.state})` : ''}${extra.detail ? `: ${extra.detail}` : ''}`,
    );
    this.messageKey = extra.messageKey ?? `workflow.error.${code}`;
  }

  toInfo(): WorkflowErrorInfo {
    return {
      code: this.code,
      messageKey: this.messageKey,
      ...(this.extra.state ? { state: this.extra.state } : {}),
      ...(this.extra.version !== undefined ? { version: this.extra.version } : {}),
      ...(this.extra.detail ? { detail: this.extra.detail } : {}),
    };
  }
}

export function isWorkflowError(err: unknown): err is WorkflowError {
  return err instanceof WorkflowError;
}
