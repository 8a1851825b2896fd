import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PanelSession } from '../../shared/central-panel';
import { formatTime } from '../intl';
import { signIn } from './api';

export function SignIn({ onSignedIn }: { onSignedIn: (s: PanelSession) => void }) {
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const out = await signIn(id.trim(), password);
    setBusy(false);
    if (out.ok) return onSignedIn(out.session);
    setPassword('');
    setError(
      out.error === 'locked'
        ? t('panel.signIn.locked', {
            until: out.lockedUntil ? formatTime(out.lockedUntil, { seconds: false }) : '',
          })
        : t(`panel.signIn.${out.error}`),
    );
  };

  return (
    <main className="central-signin">
      <h1>{t('panel.title')}</h1>
      <form onSubmit={(e) => void submit(e)} aria-label={t('panel.signIn.heading')}>
        <h2>{t('panel.signIn.heading')}</h2>
        <label>
          {t('panel.signIn.operatorId')}
          <input value={id} onChange={(e) => setId(e.target.value)} autoComplete="username" autoFocus />
        </label>
        <label>
          {t('panel.signIn.password')}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
        </label>
        <button type="submit" disabled={busy || !id || !password}>
          {busy ? t('panel.signIn.working') : t('panel.signIn.submit')}
        </button>
        {error && (
          <p role="alert" className="central-error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
