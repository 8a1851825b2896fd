// Digitalización: F8 starts the scan (and rescans), F10 or Esc cancels it; progress per page
// ("Página 2 de 3") arrives live from the core; the scanner's state shows with what to do; each
// page shows the gate's verdict with the action to take and its preview.
import { useLayoutEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatStamp, StateBadge } from './format';
import { PageVerdict } from './PageVerdict';
import type { PageSummary } from '../../shared/workflow';
import type { DeviceStatus } from '../../shared/domain';
import { ScanProgressLine, ScannerAdvice, type Step } from './ScanProgress';
import { useFreshActa } from './fresh-acta';

/** The rejection the gate writes when a page fails it (any other reason was typed at verification). */
const GATE_REJECTION = 'workflow.rejection.pages';

export function ScanScreen({
  actaId,
  onVerify,
  scanner,
}: {
  actaId: number | null;
  onVerify: () => void;
  scanner: DeviceStatus | null;
}) {
  const { t } = useTranslation();
  if (actaId === null)
    return (
      <>
        <ScannerAdvice scanner={scanner} />
        <PickActa purpose="scan" />
      </>
    );
  return <ScanActa key={actaId} actaId={actaId} onVerify={onVerify} scanner={scanner} t={t} />;
}

function ScanActa({
  actaId,
  onVerify,
  scanner,
  t,
}: {
  actaId: number;
  onVerify: () => void;
  scanner: DeviceStatus | null;
  t: ReturnType<typeof useTranslation>['t'];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { detail, acta, pages: actaPages } = useFreshActa(actaId);
  const [steps, setSteps] = useState<Step[]>([]);
  const [live, setLive] = useState<PageSummary[] | null>(null);
  useSubscription(
    trpc.actas.scanProgress.subscriptionOptions(
      { actaId },
      {
        onData: (e) => {
          if (e.type === 'started') {
            setSteps([]);
            setLive([]);
            return;
          }
          if (e.type === 'finished') return;
          if (e.type === 'pageChecked')
            setLive((l) => [...(l ?? []).filter((p) => p.position !== e.position), e.page]);
          // Only the page's arrival says how many sheets the batch holds; later steps keep it.
          setSteps((s) => [
            ...s,
            {
              position: e.position,
              step: e.type,
              expected: e.type === 'pageReceived' ? e.expected : (s.at(-1)?.expected ?? null),
            },
          ]);
        },
      },
    ),
  );
  const scan = useMutation(
    trpc.actas.scan.mutationOptions({
      onMutate: () => {
        setSteps([]);
        setLive([]);
      },
      // A cancelled scan is not the acta's: its pages are not shown as if they were.
      onSuccess: (r) => setLive(r.kind === 'cancelled' ? [] : r.pages),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.actas.pathKey() }),
    }),
  );
  const cancel = useMutation(trpc.actas.cancelScan.mutationOptions());
  const canScan = !!acta && (acta.state === 'recibida' || acta.state === 'rechazada') && !scan.isPending;

  // A layout effect: the keys act on what is on screen from the moment it is painted. A passive
  // effect swaps its listener only after the paint, and an F8 pressed in between (the acta just
  // loaded, a quick hand or a test) went to the previous listener, which knew no acta: lost.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F8' && acta && canScan) {
        e.preventDefault();
        scan.mutate({ actaId: acta.id, version: acta.version });
      } else if ((e.key === 'F10' || e.key === 'Escape') && scan.isPending && acta) {
        e.preventDefault();
        cancel.mutate({ actaId: acta.id });
      } else if (e.key === 'F9' && acta?.state === 'digitalizada') {
        e.preventDefault();
        onVerify();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [acta, canScan, scan, cancel, onVerify]);

  if (detail.isError) return <p className="error big">{errorText(t, detail.error.message)}</p>;
  if (!acta) return <p className="center">{t('login.working')}</p>;
  const lastScan = Math.max(0, ...actaPages.map((p) => p.scanNo));
  const pages = live ?? actaPages.filter((p) => p.scanNo === lastScan);
  // Rejected by the operator at verification (F7), not by the gate: the typed reason is the why.
  const rejection = acta.state === 'rechazada' ? acta.rejection : null;
  const atVerify = rejection && rejection.reason !== GATE_REJECTION ? rejection.reason : undefined;
  return (
    <section className="screen" aria-labelledby="scan-title">
      <h2 id="scan-title">{t('scan.title')}</h2>
      <p className="acta-line">
        <strong>{acta.display}</strong> <StateBadge state={acta.state} /> · {t('acopio.receivedAt')}{' '}
        {formatStamp(acta.receivedAt)}
      </p>
      <div className="actions">
        <button onClick={() => scan.mutate({ actaId: acta.id, version: acta.version })} disabled={!canScan}>
          {t(acta.state === 'rechazada' ? 'scan.rescan' : 'scan.start')} <kbd>F8</kbd>
        </button>
        {scan.isPending && (
          <button className="secondary" onClick={() => cancel.mutate({ actaId: acta.id })}>
            {t('scan.cancel')} <kbd>F10</kbd> <kbd>Esc</kbd>
          </button>
        )}
        {acta.state === 'digitalizada' && (
          <button onClick={onVerify}>
            {t('scan.toVerify')} <kbd>F9</kbd>
          </button>
        )}
      </div>
      <ScannerAdvice scanner={scanner} />
      {scan.isPending && <ScanProgressLine last={steps.at(-1)} cancelling={cancel.isPending} />}
      {scan.isError && (
        <p className="error big" role="alert">
          {errorText(t, scan.error.message)}
        </p>
      )}
      {scan.data && (
        <p
          className={`outcome-title tone-text-${scan.data.kind === 'digitalizada' ? 'ok' : 'fault'}`}
          role="status"
          data-testid="scan-outcome"
        >
          {/* A full or read-only disk is not the scanner stopping: its message says it all. */}
          {scan.data.kind === 'fault' && scan.data.error?.startsWith('storage.')
            ? errorText(t, scan.data.error)
            : `${t(`scan.result.${scan.data.kind}`)}${scan.data.error ? ` — ${errorText(t, scan.data.error)}` : ''}`}
        </p>
      )}
      {!scan.data && atVerify !== undefined && (
        <p className="error big" data-testid="rejected-at-verify">
          {t('scan.result.rejectedAtVerify', { reason: atVerify })}
        </p>
      )}
      {!scan.data && acta.state === 'rechazada' && atVerify === undefined && (
        <p className="error big">{t('scan.result.rechazada')}</p>
      )}
      <div className="pages">
        {[...pages]
          .sort((a, b) => a.position - b.position)
          .map((p) => (
            <PageVerdict
              key={p.id}
              page={p}
              {...(live === null && atVerify !== undefined ? { rejectedAtVerify: atVerify } : {})}
            />
          ))}
      </div>
    </section>
  );
}

/** No acta chosen: where to find one. */
export function PickActa({ purpose }: { purpose: 'scan' | 'verify' }) {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <p className="lead">{t(purpose === 'scan' ? 'scan.pickHelp' : 'verify.pickHelp')}</p>
    </section>
  );
}
