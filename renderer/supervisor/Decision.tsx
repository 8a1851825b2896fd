// A supervisor's decision in two steps: the button names the action, then a step asks for that
// action's own reason (and shows what is being decided: the acta's key, its images) before the
// confirm button sends it. The reason lives only in that step: it is empty for every new decision
// and gone once the decision is made, so the audit never carries an earlier decision's reason.
// The reason is a textarea: Enter there types a new line, so no single keystroke decides, and a
// destructive decision's confirm button is never the one focused first.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';

/** The server's own minimum (shared ReasonSchema): checked here first to say so in words. */
const REASON_MIN = 3;

export interface DecisionSpec {
  /** The action in words, as on the button that asked for it ("Anular el acta"). */
  label: string;
  /** Annul, replace, keep the existing one: said so in red, confirmed by its own button. */
  destructive?: boolean;
  /** What is decided on: the acta's key, both actas' images. */
  detail?: ReactNode;
  /** Sends the decision; the step stays open (with the error) if it is refused. */
  run: (reason: string) => Promise<unknown>;
}

export interface Decision {
  /** Opens the step for one action (replacing any step still open, whose reason is dropped). */
  ask: (spec: DecisionSpec) => void;
  /** A step is open: the panel's other actions wait. */
  open: boolean;
  /** The step, where the panel shows it (null when none is open). */
  step: ReactNode;
}

export function useDecision(onDone?: () => void): Decision {
  const [spec, setSpec] = useState<{ n: number; s: DecisionSpec } | null>(null);
  return {
    ask: (s) => setSpec((prev) => ({ n: (prev?.n ?? 0) + 1, s })),
    open: spec !== null,
    step: spec && (
      // A new key per decision: a fresh, empty reason every time.
      <DecisionStep
        key={spec.n}
        spec={spec.s}
        onCancel={() => setSpec(null)}
        onDone={() => {
          setSpec(null);
          onDone?.();
        }}
      />
    ),
  };
}

function DecisionStep({
  spec,
  onCancel,
  onDone,
}: {
  spec: DecisionSpec;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    if (reason.trim().length < REASON_MIN) {
      setProblem(t('decision.reasonRequired'));
      return;
    }
    setProblem(null);
    setSending(true);
    spec.run(reason.trim()).then(onDone, (err: unknown) => {
      setSending(false);
      setProblem(errorText(t, err instanceof Error ? err.message : ''));
    });
  };
  return (
    <form
      className={spec.destructive ? 'decision destructive' : 'decision'}
      aria-label={t('decision.heading', { action: spec.label })}
      // Covering the console (console.css): Tab stays in it until it is confirmed or left.
      data-focus-scope={spec.destructive ? '' : undefined}
      onSubmit={submit}
      noValidate
    >
      <p className="decision-title">
        {t(spec.destructive ? 'decision.headingDestructive' : 'decision.heading', { action: spec.label })}
      </p>
      {spec.detail}
      <label>
        {t('decision.reason')}
        <textarea
          autoFocus
          rows={2}
          value={reason}
          aria-invalid={problem !== null && reason.trim().length < REASON_MIN}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" className={spec.destructive ? 'danger' : undefined} disabled={sending}>
          {t('decision.confirm', { action: spec.label })}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('decision.back')}
        </button>
      </div>
    </form>
  );
}
