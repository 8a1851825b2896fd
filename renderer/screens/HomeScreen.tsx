import { useCallback, useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText, setLanguage } from '../i18n';
import { deviceName, StatusBar } from '../components/StatusBar';
import { StatusStrip } from '../components/StatusStrip';
import { SupervisorConsole } from '../components/SupervisorConsole';
import { PowerBanner } from '../components/PowerBanner';
import { OperatorArea } from '../operator/OperatorArea';
import type { StatusSnapshot, WhoAmI } from '../../shared/domain';
import { formatTime } from '../intl';

/** How often the screen checks for inactivity. */
const IDLE_CHECK_MS = 5_000;

export function HomeScreen({
  who,
  onLoggedOut,
}: {
  who: WhoAmI;
  onLoggedOut: (reason: 'user' | 'inactive') => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const [snapshot, setSnapshot] = useState<StatusSnapshot | null>(null);
  const [consoleOpen, setConsoleOpen] = useState(false);

  const stream = useSubscription(
    // SSE delivers in order; after a core restart versions start again, so always take the latest.
    trpc.status.stream.subscriptionOptions(undefined, { onData: setSnapshot }),
  );

  const setWho = (next: WhoAmI) => queryClient.setQueryData(trpc.session.whoami.queryKey(), next);
  const logout = useMutation(
    trpc.session.logout.mutationOptions({
      onSuccess: (next, input) => {
        onLoggedOut(input?.reason ?? 'user');
        setWho(next);
      },
    }),
  );

  // Inactivity lock: no key, click or touch for the configured time logs the operator out.
  useEffect(() => {
    let last = Date.now();
    const touch = () => (last = Date.now());
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const timer = setInterval(() => {
      if (Date.now() - last > who.inactivityMs) logout.mutate({ reason: 'inactive' });
    }, IDLE_CHECK_MS);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [who.inactivityMs, logout]);
  const language = useMutation(
    trpc.session.setLanguage.mutationOptions({
      onSuccess: (next) => {
        setLanguage(next.language);
        setWho(next);
      },
    }),
  );
  const toggleLanguage = useCallback(
    () => language.mutate({ language: who.language === 'es-MX' ? 'en' : 'es-MX' }),
    [language, who.language],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.altKey && (e.key === 's' || e.key === 'S')) {
        e.preventDefault();
        setConsoleOpen(true);
        return;
      }
      if (!e.altKey || e.ctrlKey) return;
      if (e.key === 's' || e.key === 'S') {
        e.preventDefault();
        logout.mutate({ reason: 'user' });
      } else if (e.key === 'i' || e.key === 'I') {
        e.preventDefault();
        toggleLanguage();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [logout, toggleLanguage]);

  const op = who.operator!;
  return (
    <main className="home">
      <section className="session-bar">
        <span>
          {t('home.welcome', { name: op.name })} · <strong>{t(`home.role.${op.role}`)}</strong> · {op.id}
        </span>
        <span className="session-actions">
          <button onClick={toggleLanguage}>{t('home.language')}</button>
          <button onClick={() => logout.mutate({ reason: 'user' })}>{t('home.logout')}</button>
        </span>
      </section>
      <StatusStrip snapshot={snapshot} />
      {snapshot && <PowerBanner power={snapshot.power} />}
      <OperatorArea
        scanner={snapshot?.devices.scanner ?? null}
        home={
          <>
            {snapshot ? (
              <StatusBar snapshot={snapshot} />
            ) : (
              <p className="center">{t('status.link.checking')}</p>
            )}
            <p className={`live ${stream.status === 'pending' ? 'ok' : 'stale'}`} role="status">
              {stream.status === 'pending' ? t('home.live') : t('home.stale')}
            </p>
            {snapshot && <DeviceDetails snapshot={snapshot} />}
            {op.role === 'supervisor' && <AuditPanel />}
          </>
        }
      />
      <p className="hint">
        {t('home.shortcuts')} · {t('supervisor.open')}
      </p>
      {consoleOpen && <SupervisorConsole onClose={() => setConsoleOpen(false)} />}
    </main>
  );
}

function DeviceDetails({ snapshot }: { snapshot: StatusSnapshot }) {
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t('home.devices')}</h2>
      <table className="details">
        <tbody>
          {Object.values(snapshot.devices).map((d) => (
            <tr key={d.kind}>
              <th>{t(`status.label.${d.kind}`)}</th>
              <td>{deviceName(d)}</td>
              <td>
                {t(`status.device.${d.state}`)} · {t('home.since', { time: formatTime(d.since) })}
              </td>
              <td>{d.lastError ? errorText(t, d.lastError) : ''}</td>
            </tr>
          ))}
          {snapshot.links.map((l) => (
            <tr key={l.name}>
              <th>{t(`status.label.${l.role}`)}</th>
              <td>{l.name}</td>
              <td>
                {t(`status.link.${l.state}`)} · {t('home.since', { time: formatTime(l.since) })}
              </td>
              <td>{l.lastError ? errorText(t, l.lastError) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AuditPanel() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false });
  return (
    <section>
      <h2>{t('home.auditHeading')}</h2>
      <button onClick={() => void verify.refetch()}>{t('home.auditVerify')}</button>
      {verify.data && (
        <p role="status" className={verify.data.ok ? 'ok-text' : 'error'}>
          {verify.data.ok
            ? t('home.auditOk', { count: verify.data.entries })
            : t('home.auditBroken', { seq: verify.data.brokenAt, reason: verify.data.reason })}
        </p>
      )}
      {verify.isError && <p className="error">{errorText(t, verify.error.message)}</p>}
    </section>
  );
}
