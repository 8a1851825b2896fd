// Under the training banner, on every operator screen of a station running a scenario: the
// session's clock against its time limit, "Tiempo terminado" once it passes (the core then
// refuses acopio and scans), and in a lesson the help on the trainee's latest mistakes, shown
// right after the score counts them. A rehearsal gets no help, as on the night.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';

/** How often the screen asks: feedback shows within this of the mistake. */
const SESSION_POLL_MS = 1_000;
/** The newest pieces of help shown at once (older ones stay in the trainer's report). */
const FEEDBACK_SHOWN = 3;

export function TrainingSessionBar() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const session = useQuery({
    ...trpc.supervisor.training.session.queryOptions(),
    refetchInterval: SESSION_POLL_MS,
    // The end of a session must show even on a window a dialog or another page was covering.
    refetchIntervalInBackground: true,
  });
  const s = session.data;
  if (!s) return null;
  const latest = s.feedback.slice(-FEEDBACK_SHOWN).reverse();
  return (
    <div className="training-session" data-testid="training-session">
      {s.timeUp ? (
        <p className="training-time-up" role="alert" data-testid="training-time-up">
          {t('training.timeUp')}
        </p>
      ) : (
        <p className="training-clock">
          {t('training.clock', {
            elapsed: Math.min(s.minutesElapsed, s.timeLimitMinutes),
            limit: s.timeLimitMinutes,
          })}
        </p>
      )}
      {latest.length > 0 && (
        <section className="training-feedback" role="alert" aria-label={t('training.feedback.title')}>
          {latest.map((f) => (
            <p key={f.seq} data-testid="training-feedback">
              {f.keyLabel ? <strong>{f.keyLabel}: </strong> : null}
              {t(f.messageKey)}
            </p>
          ))}
        </section>
      )}
    </div>
  );
}
