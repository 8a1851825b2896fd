// Transmission for the supervisor: which link is active, the queue, and when both links are down
// the removable-media way out: export the pending actas to a USB drive, and later apply the
// receipts the central wrote when it imported them.
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { PlacePicker } from './PlacePicker';
import { useDecision } from './Decision';

export function TransmissionPanel() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [folder, setFolder] = useState('');
  const status = useQuery({ ...trpc.transmission.status.queryOptions(), refetchInterval: 3_000 });
  // The export runs in the core; the panel follows it a few times a second while it runs.
  const job = useQuery({
    ...trpc.transmission.exportJob.queryOptions(),
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 300 : false),
  });
  const exporting = useMutation(
    trpc.transmission.startExport.mutationOptions({ onSuccess: () => void job.refetch() }),
  );
  const cancelling = useMutation(
    trpc.transmission.cancelExport.mutationOptions({ onSuccess: () => void job.refetch() }),
  );
  const j = job.data;
  const running = j?.state === 'running';
  const ended = j?.state;
  useEffect(() => {
    if (ended && ended !== 'running') void status.refetch();
  }, [ended, status]);
  const applying = useMutation(
    trpc.transmission.applyReceipts.mutationOptions({ onSuccess: () => void status.refetch() }),
  );
  const pausing = useMutation(
    trpc.transmission.setPaused.mutationOptions({ onSuccess: () => void status.refetch() }),
  );
  const preferring = useMutation(
    trpc.transmission.preferLink.mutationOptions({ onSuccess: () => void status.refetch() }),
  );
  const s = status.data;
  // Each action asks its own reason; a refusal shows in the decision step.
  const decision = useDecision();
  const busy = decision.open;
  return (
    <section aria-labelledby="tx-h">
      <h3 id="tx-h">{t('console.transmission.heading')}</h3>
      {s && (
        <p data-testid="tx-status">
          {s.enrolled
            ? t('console.transmission.status', {
                link: s.activeLink ?? t('console.transmission.noLink'),
                pending: s.counts.pending,
                delivered: s.counts.delivered,
                dead: s.counts.dead,
              })
            : t('console.transmission.notEnrolled')}
          {s.paused && <strong> · {t('console.transmission.paused')}</strong>}
        </p>
      )}
      {s?.enrolled && (
        <div className="actions">
          <button
            type="button"
            disabled={busy || pausing.isPending}
            onClick={() =>
              decision.ask({
                label: s.paused ? t('console.transmission.resume') : t('console.transmission.pause'),
                run: (reason) => pausing.mutateAsync({ paused: !s.paused, reason }),
              })
            }
          >
            {s.paused ? t('console.transmission.resume') : t('console.transmission.pause')}
          </button>
          <label>
            {t('console.transmission.prefer')}
            <select
              value={s.preferredLink ?? ''}
              disabled={busy}
              onChange={(e) => {
                const link = e.target.value || null;
                decision.ask({
                  label: `${t('console.transmission.prefer')}: ${link ?? t('console.transmission.byPriority')}`,
                  run: (reason) => preferring.mutateAsync({ link, reason }),
                });
              }}
            >
              <option value="">{t('console.transmission.byPriority')}</option>
              {s.links.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <PlacePicker
        id="tx-place"
        label={t('console.transmission.folder')}
        value={folder}
        onChange={(p) => setFolder(p?.path ?? '')}
      />
      <div className="actions">
        <button
          type="button"
          disabled={busy || exporting.isPending || running}
          onClick={() =>
            decision.ask({
              label: t('console.transmission.export'),
              run: (reason) => exporting.mutateAsync({ folder, reason }),
            })
          }
        >
          {running ? t('console.transmission.exporting') : t('console.transmission.export')}
        </button>
        {running && (
          <button
            type="button"
            className="secondary"
            disabled={busy || cancelling.isPending}
            onClick={() =>
              decision.ask({
                label: t('console.transmission.cancel'),
                run: (reason) => cancelling.mutateAsync({ reason }),
              })
            }
          >
            {t('console.transmission.cancel')}
          </button>
        )}
        <button
          type="button"
          disabled={busy || applying.isPending}
          onClick={() =>
            decision.ask({
              label: t('console.transmission.applyReceipts'),
              run: (reason) => applying.mutateAsync({ folder, reason }),
            })
          }
        >
          {t('console.transmission.applyReceipts')}
        </button>
      </div>
      {decision.step}
      {running && j.progress && (
        <div data-testid="export-progress">
          <progress
            aria-label={t('console.transmission.progressLabel')}
            max={j.progress.total}
            value={j.progress.done}
          />
          <p role="status">
            {t(`media.progress.${j.progress.phase}`, { done: j.progress.done, total: j.progress.total })}
          </p>
        </div>
      )}
      {j?.state === 'done' && j.result && (
        <p className="notice" role="status">
          {t('media.done', { count: j.result.actas, folder: j.result.folder })}
        </p>
      )}
      {(j?.state === 'failed' || j?.state === 'cancelled') && j.error && (
        <p
          className={j.state === 'failed' ? 'error' : 'notice'}
          role={j.state === 'failed' ? 'alert' : 'status'}
        >
          {errorText(t, j.error)}
        </p>
      )}
      {applying.data && (
        <p className="notice" role="status">
          {t('console.transmission.applied', {
            applied: applying.data.applied,
            closed: applying.data.actasClosed,
          })}
        </p>
      )}
    </section>
  );
}
