// The console's training switch: shows which data the station runs on and, with a reason of its
// own (the decision step), moves it into training or back to real work. The core audits it and restarts on the
// other data folder, so this window's session ends with it (the shell opens a new one).
import { useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { useDecision } from './Decision';

export function TrainingSwitch() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const status = useQuery(trpc.supervisor.training.status.queryOptions());
  const change = useMutation(trpc.supervisor.training.switch.mutationOptions());
  const save = useMutation(trpc.supervisor.training.saveScore.mutationOptions());
  const decision = useDecision();
  const box = useRef<HTMLDivElement>(null);
  const [report, setReport] = useState<'none' | 'shown' | 'missing'>('none');
  // The report page (print-ready HTML from the core), parsed inert and adopted, as the guides are.
  const showReport = () =>
    fetch('/capacitacion/informe', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((html) => {
        const doc = new DOMParser().parseFromString(html, 'text/html');
        box.current?.replaceChildren(...[...doc.body.childNodes].map((n) => document.adoptNode(n)));
        setReport('shown');
      })
      .catch(() => setReport('missing'));
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
          disabled={decision.open || change.isPending || change.isSuccess}
          onClick={() =>
            decision.ask({
              label: t(training ? 'training.panel.leave' : 'training.panel.enter'),
              run: (reason) => change.mutateAsync({ to: training ? 'production' : 'training', reason }),
            })
          }
        >
          {t(training ? 'training.panel.leave' : 'training.panel.enter')}
        </button>
      )}
      {decision.step}
      {training && (
        <div className="actions">
          <button type="button" onClick={() => void showReport()}>
            {t('training.panel.report')}
          </button>
          <a href="/capacitacion/informe.csv" download>
            {t('training.panel.csv')}
          </a>
          <a href="/capacitacion/informe.pdf" download>
            {t('training.panel.pdf')}
          </a>
          <button type="button" disabled={save.isPending} onClick={() => save.mutate()}>
            {t(save.isSuccess ? 'training.panel.saved' : 'training.panel.save')}
          </button>
          <button type="button" disabled={report !== 'shown'} onClick={() => window.print()}>
            {t('training.panel.print')}
          </button>
        </div>
      )}
      {report === 'missing' && <p className="error">{t('training.panel.noReport')}</p>}
      <div ref={box} className="guide-print" data-testid="training-report" />
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
