// Cola: every acta of the station with its state, the link it went by, attempts and the last
// error in words; filter by state, search by key; Enter or a click opens the acta where it is.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatStamp, scannable, StateBadge } from './format';
import { ACTA_STATES, type ActaState, type ActaSummary } from '../../shared/workflow';

const QUEUE_REFRESH_MS = 2_000;

export function QueueScreen({ onOpen }: { onOpen: (acta: ActaSummary) => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [state, setState] = useState<ActaState | ''>('');
  const [search, setSearch] = useState('');
  const list = useQuery({
    ...trpc.actas.list.queryOptions({
      ...(state ? { states: [state] } : {}),
      ...(search.trim() ? { search: search.trim() } : {}),
    }),
    refetchInterval: QUEUE_REFRESH_MS,
  });
  return (
    <section className="screen" aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title')}</h2>
      <div className="filters">
        <label>
          {t('queue.search')}
          <input value={search} onChange={(e) => setSearch(e.target.value)} autoFocus />
        </label>
        <label>
          {t('queue.filter')}
          <select value={state} onChange={(e) => setState(e.target.value as ActaState | '')}>
            <option value="">{t('queue.all')}</option>
            {ACTA_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`workflow.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {list.data && <span>{t('queue.total', { count: list.data.total })}</span>}
      </div>
      {list.isError && <p className="error big">{errorText(t, list.error.message)}</p>}
      <table className="queue">
        <thead>
          <tr>
            <th>{t('queue.col.acta')}</th>
            <th>{t('queue.col.state')}</th>
            <th>{t('queue.col.received')}</th>
            <th>{t('queue.col.link')}</th>
            <th>{t('queue.col.attempts')}</th>
            <th>{t('queue.col.lastError')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.actas.map((a) => (
            <tr
              key={a.id}
              tabIndex={0}
              data-testid={`queue-row-${a.keyId}`}
              data-record={a.recordNo}
              onClick={() => onOpen(a)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || (e.key === 'F8' && scannable(a))) {
                  e.preventDefault();
                  // The scan screen mounts during this keydown: its own F8 must not start a scan.
                  e.stopPropagation();
                  onOpen(a);
                }
              }}
            >
              <td>
                {a.display}
                {/* A key with several records (a replacement, two kept): say which one this is. */}
                {a.replacedByRecord !== null && (
                  <span className="record-no">
                    {' · '}
                    {t('queue.replacedBy', { n: a.replacedByRecord })}
                  </span>
                )}
                {a.recordNo > 1 && (
                  <span className="record-no">
                    {' · '}
                    {a.supersedesActa !== null
                      ? t('queue.replacement', { n: a.recordNo })
                      : t('queue.record', { n: a.recordNo })}
                  </span>
                )}
              </td>
              <td>
                <StateBadge state={a.state} />
                {a.held && <span className="warn-text"> · {t('queue.held')}</span>}
              </td>
              <td>{formatStamp(a.receivedAt)}</td>
              <td>{a.transmittedLink ?? '—'}</td>
              <td>{a.transmission?.attempts ?? 0}</td>
              <td className={a.transmission?.lastError ? 'error' : ''}>
                {a.transmission?.lastError ? errorText(t, a.transmission.lastError) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
