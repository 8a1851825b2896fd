// The station itself, in its own tab: leaving the kiosk, a controlled shutdown and approving an
// update. They used to sit under every tab as full-width buttons, one click from the way out;
// here each is an ordinary button that opens a confirmation step with its own reason.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { useDecision } from './Decision';
import { TrainingSwitch } from './TrainingSwitch';

export function StationPanel() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const exit = useMutation(trpc.system.exitKiosk.mutationOptions());
  const shutdown = useMutation(trpc.power.shutdown.mutationOptions());
  const update = useQuery({ ...trpc.updates.status.queryOptions(), refetchInterval: 10_000 });
  const approve = useMutation(
    trpc.updates.approve.mutationOptions({ onSuccess: () => void update.refetch() }),
  );
  const decision = useDecision();
  const leaving = exit.isSuccess || shutdown.isSuccess;
  const busy = decision.open || leaving;
  const u = update.data;
  return (
    <section aria-labelledby="station-h">
      <h3 id="station-h">{t('stationPanel.heading')}</h3>
      <p>{t('stationPanel.intro')}</p>
      {leaving && (
        <p className="notice" role="status">
          {t(exit.isSuccess ? 'supervisor.exiting' : 'power.shuttingDown')}
        </p>
      )}
      <div className="station-actions">
        {(
          [
            ['shutdown', 'shutdownHint', (reason: string) => shutdown.mutateAsync({ reason })],
            ['exitKiosk', 'exitHint', (reason: string) => exit.mutateAsync({ reason })],
          ] as const
        ).map(([action, hint, run]) => (
          <div key={action}>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                decision.ask({
                  label: t(`stationPanel.${action}`),
                  destructive: true,
                  detail: <p>{t(`stationPanel.${hint}`)}</p>,
                  run,
                })
              }
            >
              {t(`stationPanel.${action}`)}
            </button>
            <span className="hint">{t(`stationPanel.${hint}`)}</span>
          </div>
        ))}
      </div>
      {decision.step}
      <TrainingSwitch />
      {u && (
        <section aria-label={t('update.heading')}>
          <h3>{t('update.heading')}</h3>
          <p>
            {!u.supported
              ? t('update.unsupported')
              : u.phase === 'none'
                ? t('update.none')
                : u.phase === 'available'
                  ? t('update.available', { version: u.version })
                  : t(`update.phase.${u.phase}`, { version: u.version })}
          </p>
          {u.problem && <p className="error">{errorText(t, u.problem)}</p>}
          {u.supported && u.phase === 'available' && u.version && (
            <button
              type="button"
              disabled={busy || approve.isPending}
              onClick={() =>
                decision.ask({
                  label: t('update.approve', { version: u.version }),
                  run: (reason) => approve.mutateAsync({ reason, version: u.version! }),
                })
              }
            >
              {t('update.approve', { version: u.version })}
            </button>
          )}
        </section>
      )}
    </section>
  );
}
