// The central's screens: sign-in, then national progress, one CATD, the stations, and the scanned
// originals asked of them, with the silent-station alarm above every tab. Keyboard first: Alt+1…4
// tabs, Alt+S sign out, Alt+I language; every control reachable with Tab.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PANEL_SESSION_PATH,
  PANEL_STATIONS_PATH,
  type PanelSession,
  type StationsView,
} from '../../shared/central-panel';
import { setLanguage } from '../i18n';
import { formatTime } from '../intl';
import { getJson, signOut, usePolled, Unauthenticated } from './api';
import { SignIn } from './SignIn';
import { NationalScreen } from './NationalScreen';
import { CatdScreen } from './CatdScreen';
import { StationsScreen } from './StationsScreen';
import { OriginalsScreen } from './OriginalsScreen';

type Tab = 'national' | 'catd' | 'stations' | 'originals';
const TABS: Tab[] = ['national', 'catd', 'stations', 'originals'];

export function CentralApp() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<PanelSession | null | 'checking'>('checking');
  const [tab, setTab] = useState<Tab>('national');
  const [catd, setCatd] = useState<string | null>(null);

  useEffect(() => {
    getJson<PanelSession>(PANEL_SESSION_PATH)
      .then(setSession)
      .catch((err: unknown) => setSession(err instanceof Unauthenticated ? null : null));
  }, []);
  const signedOut = useCallback(() => setSession(null), []);
  const stations = usePolled<StationsView>(
    session && session !== 'checking' ? PANEL_STATIONS_PATH : null,
    signedOut,
  );

  const openCatd = useCallback((c: string) => {
    setCatd(c);
    setTab('catd');
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const k = e.key.toLowerCase();
      if (k === 'i') setLanguage(i18n.language === 'en' ? 'es-MX' : 'en');
      else if (k === 's' && session && session !== 'checking') void signOut().then(signedOut);
      else if (['1', '2', '3', '4'].includes(k) && session && session !== 'checking')
        setTab(TABS[Number(k) - 1]!);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [i18n, session, signedOut]);

  if (session === 'checking') return null;
  if (!session) return <SignIn onSignedIn={setSession} />;

  const silent = (stations.data?.stations ?? []).filter((s) => s.silent);
  return (
    <div className="central">
      <header className="central-header">
        <h1>{t('panel.title')}</h1>
        <span className="central-who">{session.name}</span>
        <button type="button" onClick={() => setLanguage(i18n.language === 'en' ? 'es-MX' : 'en')}>
          {t('panel.language')}
        </button>
        <button type="button" onClick={() => void signOut().then(signedOut)}>
          {t('panel.signOut')}
        </button>
      </header>
      {silent.length > 0 ? (
        <div role="alert" className="central-alarm" data-testid="silent-alarm">
          <strong>{t('panel.alarm.heading', { count: silent.length })}</strong>
          <span>{silent.map((s) => s.stationId).join(' · ')}</span>
        </div>
      ) : stations.data ? (
        <div className="central-calm" data-testid="silent-alarm-none">
          {t('panel.alarm.none')}
        </div>
      ) : null}
      <nav className="central-tabs" role="tablist" aria-label={t('panel.title')}>
        {TABS.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={tab === x}
            className={tab === x ? 'active' : ''}
            onClick={() => setTab(x)}
          >
            {t(`panel.tabs.${x}`)}
          </button>
        ))}
      </nav>
      <main className="central-main">
        {tab === 'national' && <NationalScreen onSignedOut={signedOut} onOpenCatd={openCatd} />}
        {tab === 'catd' && <CatdScreen catd={catd} onChoose={setCatd} onSignedOut={signedOut} />}
        {tab === 'stations' && <StationsScreen view={stations.data} />}
        {tab === 'originals' && <OriginalsScreen onSignedOut={signedOut} />}
      </main>
      {stations.failedSince && (
        <p className="central-stale" role="status">
          {t('panel.stale', { time: formatTime(stations.failedSince) })}
        </p>
      )}
    </div>
  );
}
