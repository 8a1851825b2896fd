// Digitalización: F8 starts the scan (and rescans); progress per page arrives live from the core;
// each page shows the gate's verdict with the action to take and its preview.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatStamp, StateBadge } from './format';
import { PageVerdict } from './PageVerdict';
import type { PageSummary } from '../../shared/workflow';

type Step = { position: number; step: 'pageReceived' | 'pageStored' | 'pageChecked' };

export function ScanScreen({ actaId, onVerify }: { actaId: number | null; onVerify: () => void }) {
  const { t } = useTranslation();
  if (actaId === null) return <PickActa purpose="scan" />;
  return <ScanActa key={actaId} actaId={actaId} onVerify={onVerify} t={t} />;
}

function ScanActa({
  actaId,
  onVerify,
  t,
}: {
  actaId: number;
  onVerify: () => void;
  t: ReturnType<typeof useTranslation>['t'];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.actas.get.queryOptions({ actaId }));
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
          } else if (e.type === 'pageChecked') {
            setLive((l) => [...(l ?? []).filter((p) => p.position !== e.position), e.page]);
            setSteps((s) => [...s, { position: e.position, step: e.type }]);
          } else if (e.type !== 'finished') {
            setSteps((s) => [...s, { position: e.position, step: e.type }]);
          }
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
      onSuccess: (r) => setLive(r.pages),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.actas.pathKey() }),
    }),
  );
  const acta = detail.data?.acta;
  const canScan = !!acta && (acta.state === 'recibida' || acta.state === 'rechazada') && !scan.isPending;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F8' && acta && canScan) {
        e.preventDefault();
        scan.mutate({ actaId: acta.id, version: acta.version });
      } else if (e.key === 'F9' && acta?.state === 'digitalizada') {
        e.preventDefault();
        onVerify();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [acta, canScan, scan, onVerify]);

  if (detail.isError) return <p className="error big">{errorText(t, detail.error.message)}</p>;
  if (!acta || !detail.data) return <p className="center">{t('login.working')}</p>;
  const lastScan = Math.max(0, ...detail.data.pages.map((p) => p.scanNo));
  const pages = live ?? detail.data.pages.filter((p) => p.scanNo === lastScan);
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
        {acta.state === 'digitalizada' && (
          <button onClick={onVerify}>
            {t('scan.toVerify')} <kbd>F9</kbd>
          </button>
        )}
      </div>
      {scan.isPending && (
        <p className="progress-line" role="status">
          {t('scan.running')}{' '}
          {steps.length > 0 &&
            t(`scan.step.${steps[steps.length - 1]!.step}`, { n: steps[steps.length - 1]!.position })}
        </p>
      )}
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
      {!scan.data && acta.state === 'rechazada' && <p className="error big">{t('scan.result.rechazada')}</p>}
      <div className="pages">
        {[...pages]
          .sort((a, b) => a.position - b.position)
          .map((p) => (
            <PageVerdict key={p.id} page={p} />
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
