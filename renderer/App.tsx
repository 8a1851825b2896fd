import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from './trpc';
import { setLanguage } from './i18n';
import { LoginScreen } from './screens/LoginScreen';
import { HomeScreen } from './screens/HomeScreen';
import { ChangePinScreen } from './screens/ChangePinScreen';
import { TrainingSessionBar } from './components/TrainingSessionBar';

function sessionGone(error: unknown): boolean {
  const meta = (error as { meta?: { response?: { status?: number } } } | null)?.meta;
  return meta?.response?.status === 401;
}

export function App() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const who = useQuery(trpc.session.whoami.queryOptions());
  const [loggedOutBy, setLoggedOutBy] = useState<'user' | 'inactive' | null>(null);

  useEffect(() => {
    if (who.data) setLanguage(who.data.language);
  }, [who.data]);
  const training = who.data?.station.training === true;
  // The whole page takes training's colour, so no corner of any screen passes for the real one.
  useEffect(() => {
    document.body.classList.toggle('training', training);
  }, [training]);

  if (who.isPending) return <main className="center">{t('login.working')}</main>;
  if (who.isError || !who.data) {
    // 401 at the HTTP layer: this window's session ended (the core restarted, or the cookie is
    // gone). Retrying cannot help; only a new launch link can.
    const gone = sessionGone(who.error);
    return (
      <main className="center" role="alert">
        {t(gone ? 'auth.error.sessionEnded' : 'error.network')}
      </main>
    );
  }
  return (
    <>
      {training && (
        <div className="training-banner" role="status" data-testid="training-banner">
          {t('training.banner')}
        </div>
      )}
      {training && who.data.operator && <TrainingSessionBar />}
      <header className="app-header">
        {/* One line: at 1366×768 every pixel of height goes to the step's result. */}
        <div className="app-title">
          <h1>{t('app.title')}</h1>
          <p>
            {who.data.station.name} · {who.data.station.id}
          </p>
        </div>
        {/* In training the banner says it all: a second "simulated" mark beside it read as another mode. */}
        {who.data.station.mode === 'simulated' && !training && (
          <span className="badge-sim">{t('app.simulated')}</span>
        )}
      </header>
      {who.data.operator && who.data.pinChange ? (
        <ChangePinScreen who={who.data} onLoggedOut={() => setLoggedOutBy('user')} />
      ) : who.data.operator ? (
        <HomeScreen who={who.data} onLoggedOut={setLoggedOutBy} />
      ) : (
        <LoginScreen notice={loggedOutBy === 'inactive' ? 'auth.error.inactive' : null} />
      )}
    </>
  );
}
