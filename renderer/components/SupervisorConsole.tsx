// The supervisor console: opened over any screen with Ctrl+Alt+S; every action needs the
// supervisor's id + PIN and a reason, checked by the core for that one action and audited.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';

export function SupervisorConsole({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [supervisorId, setSupervisorId] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const exit = useMutation(trpc.system.exitKiosk.mutationOptions({ onSettled: () => setPin('') }));
  const update = useQuery({ ...trpc.updates.status.queryOptions(), refetchInterval: 10_000 });
  const approve = useMutation(
    trpc.updates.approve.mutationOptions({
      onSettled: () => setPin(''),
      onSuccess: () => void update.refetch(),
    }),
  );
  const u = update.data;
  const failure = exit.error ?? approve.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    exit.mutate({ supervisorId: supervisorId.trim(), pin, reason });
  };

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="sup-title"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <form className="panel" onSubmit={submit} noValidate>
        <h2 id="sup-title">{t('supervisor.title')}</h2>
        <label>
          {t('supervisor.id')}
          <input
            autoFocus
            autoComplete="off"
            value={supervisorId}
            onChange={(e) => setSupervisorId(e.target.value)}
          />
        </label>
        <label>
          {t('supervisor.pin')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
        <label>
          {t('supervisor.reason')}
          <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {failure && (
          <p className="error" role="alert">
            {errorText(t, failure.message)}
          </p>
        )}
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
                    : t(`update.phase.${u.phase}`)}
            </p>
            {u.supported && u.phase === 'available' && u.version && (
              <button
                type="button"
                disabled={approve.isPending}
                onClick={() =>
                  approve.mutate({ supervisorId: supervisorId.trim(), pin, reason, version: u.version! })
                }
              >
                {t('update.approve', { version: u.version })}
              </button>
            )}
          </section>
        )}
        {exit.isSuccess && (
          <p className="notice" role="status">
            {t('supervisor.exiting')}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={exit.isPending || exit.isSuccess}>
            {t('supervisor.exitKiosk')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('supervisor.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
