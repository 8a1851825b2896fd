// The operator's screens and the way between them: Alt+0…5 (shown on every tab), big targets.
// The acta being worked on follows the operator from acopio to scanning to verification.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AcopioScreen } from './AcopioScreen';
import { ScanScreen } from './ScanScreen';
import { VerifyScreen } from './VerifyScreen';
import { QueueScreen } from './QueueScreen';
import { DashboardScreen } from './DashboardScreen';
import type { ActaSummary } from '../../shared/workflow';
import type { DeviceStatus } from '../../shared/domain';

export const SCREENS = ['home', 'acopio', 'scan', 'verify', 'queue', 'dashboard'] as const;
export type Screen = (typeof SCREENS)[number];

export function OperatorArea({ home, scanner }: { home: ReactNode; scanner: DeviceStatus | null }) {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>('home');
  const [actaId, setActaId] = useState<number | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey) return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 0 && n < SCREENS.length) {
        e.preventDefault();
        setScreen(SCREENS[n]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** Opens an acta on the screen of its next step. */
  const open = useCallback((acta: ActaSummary) => {
    setActaId(acta.id);
    setScreen(acta.state === 'recibida' || acta.state === 'rechazada' ? 'scan' : 'verify');
  }, []);

  return (
    <>
      <nav className="screen-nav" aria-label={t('nav.label')}>
        {SCREENS.map((s, i) => (
          <button
            key={s}
            className={s === screen ? 'current' : ''}
            aria-current={s === screen ? 'page' : undefined}
            onClick={() => setScreen(s)}
          >
            {t(`nav.${s}`)} <kbd>Alt+{i}</kbd>
          </button>
        ))}
      </nav>
      {screen === 'home' && home}
      {screen === 'acopio' && <AcopioScreen onScan={open} />}
      {screen === 'scan' && (
        <ScanScreen actaId={actaId} onVerify={() => setScreen('verify')} scanner={scanner} />
      )}
      {screen === 'verify' && (
        <VerifyScreen actaId={actaId} onDone={() => setScreen('acopio')} onScan={() => setScreen('scan')} />
      )}
      {screen === 'queue' && <QueueScreen onOpen={open} />}
      {screen === 'dashboard' && <DashboardScreen />}
    </>
  );
}
