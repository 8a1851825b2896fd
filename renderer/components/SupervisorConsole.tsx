// The supervisor console: opened over any screen with Ctrl+Alt+S. The supervisor's id + PIN lift
// this session for a few minutes (checked by the core); each action then needs a reason and is
// audited under the supervisor's name. Closing the console ends the elevation. The core checks
// every action again (supervisorProcedure): hiding a tab here is never the control. The console
// holds the keyboard while open (useModal): the operator's screen behind it gets no key.
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { ActasPanel } from '../supervisor/ActasPanel';
import { CataloguePanel } from '../supervisor/CataloguePanel';
import { OperatorsPanel } from '../supervisor/OperatorsPanel';
import { AuditPanel } from '../supervisor/AuditPanel';
import { TransmissionPanel } from '../supervisor/TransmissionPanel';
import { GuidesPanel } from '../supervisor/GuidesPanel';
import { TrainingSwitch } from '../supervisor/TrainingSwitch';
import { useModal } from './useModal';
import '../supervisor/console.css';

const TABS = ['actas', 'transmission', 'catalogue', 'operators', 'audit', 'guides'] as const;
type Tab = (typeof TABS)[number];

export function SupervisorConsole({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [supervisorId, setSupervisorId] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
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
          <SupervisorActions name={elevate.data.supervisor.name} reason={reason} setReason={setReason} />
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

function SupervisorActions({
  name,
  reason,
  setReason,
}: {
  name: string;
  reason: string;
  setReason: (r: string) => void;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('actas');
  return (
    <>
      <p className="notice">{t('supervisor.elevated', { name })}</p>
      <label>
        {t('supervisor.reason')}
        <textarea autoFocus rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
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
        {tab === 'actas' && <ActasPanel reason={reason} />}
        {tab === 'transmission' && <TransmissionPanel reason={reason} />}
        {tab === 'catalogue' && <CataloguePanel reason={reason} />}
        {tab === 'operators' && <OperatorsPanel reason={reason} />}
        {tab === 'audit' && <AuditPanel reason={reason} />}
        {tab === 'guides' && <GuidesPanel />}
      </div>
      {/* Always at hand, whatever the tab: leaving the kiosk and shutting down are the way out. */}
      <SystemPanel reason={reason} />
    </>
  );
}

/** Leaving the kiosk, a controlled shutdown, approving an update. */
function SystemPanel({ reason }: { reason: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const exit = useMutation(trpc.system.exitKiosk.mutationOptions());
  const shutdown = useMutation(trpc.power.shutdown.mutationOptions());
  const update = useQuery({ ...trpc.updates.status.queryOptions(), refetchInterval: 10_000 });
  const approve = useMutation(
    trpc.updates.approve.mutationOptions({ onSuccess: () => void update.refetch() }),
  );
  const u = update.data;
  const failure = exit.error ?? approve.error ?? shutdown.error;
  return (
    <section aria-labelledby="system-h">
      <h3 id="system-h">{t('console.tabs.system')}</h3>
      {failure && (
        <p className="error" role="alert">
          {errorText(t, failure.message)}
        </p>
      )}
      {(exit.isSuccess || shutdown.isSuccess) && (
        <p className="notice" role="status">
          {t(exit.isSuccess ? 'supervisor.exiting' : 'power.shuttingDown')}
        </p>
      )}
      <button
        type="button"
        disabled={exit.isPending || exit.isSuccess}
        onClick={() => exit.mutate({ reason })}
      >
        {t('supervisor.exitKiosk')}
      </button>
      <button
        type="button"
        disabled={shutdown.isPending || shutdown.isSuccess}
        onClick={() => shutdown.mutate({ reason })}
      >
        {t('power.shutdown')}
      </button>
      <TrainingSwitch reason={reason} />
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
              disabled={approve.isPending}
              onClick={() => approve.mutate({ reason, version: u.version! })}
            >
              {t('update.approve', { version: u.version })}
            </button>
          )}
        </section>
      )}
    </section>
  );
}
