import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatDuration } from '../intl';

/** Seconds left until an ISO time, ticking every second; null when no time is given. */
function useSecondsUntil(untilIso: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!untilIso) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [untilIso]);
  if (!untilIso) return null;
  return Math.max(0, Math.ceil((new Date(untilIso).getTime() - now) / 1000));
}

export function LoginScreen({ notice }: { notice: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const [operatorId, setOperatorId] = useState('');
  const [pin, setPin] = useState('');
  const login = useMutation(
    trpc.session.login.mutationOptions({
      onSuccess: (who) => {
        setPin('');
        queryClient.setQueryData(trpc.session.whoami.queryKey(), who);
      },
      onError: () => setPin(''),
    }),
  );

  const lockedUntil = login.error?.message.startsWith('login.error.locked:')
    ? login.error.message.slice('login.error.locked:'.length)
    : null;
  const lockedSeconds = useSecondsUntil(lockedUntil);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ operatorId: operatorId.trim(), pin });
  };

  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-heading" noValidate>
        <h2 id="login-heading">{t('login.heading')}</h2>
        <label>
          {t('login.operatorId')}
          <input
            name="operatorId"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={operatorId}
            onChange={(e) => setOperatorId(e.target.value)}
          />
        </label>
        <label>
          {t('login.pin')}
          <input
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
        {notice && !login.isError && (
          <p className="notice" role="status">
            {t(notice)}
          </p>
        )}
        {login.isError && (
          <p className="error" role="alert">
            {lockedSeconds !== null
              ? lockedSeconds > 0
                ? t('login.error.lockedCountdown', { time: formatDuration(lockedSeconds) })
                : t('login.error.lockOver')
              : errorText(t, login.error.message)}
          </p>
        )}
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? t('login.working') : t('login.submit')}
        </button>
        <p className="hint">{t('login.hint')}</p>
      </form>
    </main>
  );
}
