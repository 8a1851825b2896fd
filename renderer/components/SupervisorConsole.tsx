// The supervisor console: opened over any screen with Ctrl+Alt+S. The supervisor's id + PIN lift
// this session for a few minutes (checked by the core); each action then asks its own reason
// (supervisor/Decision.tsx) and is audited under the supervisor's name. Closing the console ends the elevation. The core checks
// every action again (supervisorProcedure): hiding a tab here is never the control. The console
// holds the keyboard while open (useModal): the operator's screen behind it gets no key.
import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { ActasPanel } from '../supervisor/ActasPanel';
import { CataloguePanel } from '../supervisor/CataloguePanel';
import { OperatorsPanel } from '../supervisor/OperatorsPanel';
import { AuditPanel } from '../supervisor/AuditPanel';
import { TransmissionPanel } from '../supervisor/TransmissionPanel';
import { GuidesPanel } from '../supervisor/GuidesPanel';
import { StationPanel } from '../supervisor/StationPanel';
import { ReportPanel } from '../supervisor/ReportPanel';
import { useModal } from './useModal';
import '../supervisor/console.css';

// Leaving the kiosk and shutting down live in their own tab, each behind a confirmation step.
const TABS = [
  'actas',
  'transmission',
  'catalogue',
  'operators',
  'audit',
  'report',
  'guides',
  'station',
] as const;
type Tab = (typeof TABS)[number];

export function SupervisorConsole({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [supervisorId, setSupervisorId] = useState('');
  const [pin, setPin] = useState('');
  const elevate = useMutation(trpc.session.elevate.mutationOptions({ onSettled: () => setPin('') }));
  const drop = useMutation(trpc.session.dropElevation.mutationOptions());
  const close = () => {
    if (elevate.isSuccess) drop.mutate();
    onClose();
  };
  const box = useRef<HTMLDivElement>(null);
  useModal(box, close);

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="sup-title" ref={box}>
      <div className={elevate.isSuccess ? 'panel console' : 'panel'}>
        <h2 id="sup-title">{t('supervisor.title')}</h2>
        {elevate.isSuccess ? (
          <SupervisorActions name={elevate.data.supervisor.name} />
        ) : (
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              elevate.mutate({ supervisorId: supervisorId.trim(), pin });
            }}
            noValidate
          >
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
            {elevate.isError && (
              <p className="error" role="alert">
                {errorText(t, elevate.error.message)}
              </p>
            )}
            <button type="submit" disabled={elevate.isPending}>
              {t('supervisor.enter')}
            </button>
          </form>
        )}
        <div className="actions">
          <button type="button" className="secondary" onClick={close}>
            {t('supervisor.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

function SupervisorActions({ name }: { name: string }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('actas');
  return (
    <>
      <p className="notice console-who">{t('supervisor.elevated', { name })}</p>
      <div role="tablist" aria-label={t('supervisor.title')}>
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`tabpanel-${k}`}
            onClick={() => setTab(k)}
          >
            {t(`console.tabs.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'actas' && <ActasPanel />}
        {tab === 'transmission' && <TransmissionPanel />}
        {tab === 'catalogue' && <CataloguePanel />}
        {tab === 'operators' && <OperatorsPanel />}
        {tab === 'audit' && <AuditPanel />}
        {tab === 'report' && <ReportPanel />}
        {tab === 'guides' && <GuidesPanel />}
        {tab === 'station' && <StationPanel />}
      </div>
    </>
  );
}
