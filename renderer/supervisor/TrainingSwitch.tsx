// The console's training switch: shows which data the station runs on and, with the console's
// reason, moves it into training or back to real work. The core audits it and restarts on the
// other data folder, so this window's session ends with it (the shell opens a new one).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';

export function TrainingSwitch({ reason }: { reason: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const status = useQuery(trpc.supervisor.training.status.queryOptions());
  const change = useMutation(trpc.supervisor.training.switch.mutationOptions());
  const s = status.data;
  if (!s) return null;
  const training = s.purpose === 'training';
  return (
    <section aria-labelledby="training-h" className="training-switch">
      <h3 id="training-h">{t('training.panel.title')}</h3>
      <p>{t(training ? 'training.panel.inTraining' : 'training.panel.inProduction')}</p>
      {s.trainingOnly ? (
        <p>{t('training.panel.trainingOnly')}</p>
      ) : (
        <button
          type="button"
          disabled={change.isPending || change.isSuccess}
          onClick={() => change.mutate({ to: training ? 'production' : 'training', reason })}
        >
          {t(training ? 'training.panel.leave' : 'training.panel.enter')}
        </button>
      )}
      {change.isSuccess && (
        <p className="notice" role="status">
          {t('training.panel.restarting')}
        </p>
      )}
      {change.error && (
        <p className="error" role="alert">
          {errorText(t, change.error.message)}
        </p>
      )}
    </section>
  );
}
