import { useTranslation } from 'react-i18next';
import type { StationsView } from '../../shared/central-panel';
import { formatDuration, formatNumber, formatTime } from '../intl';

function offsetText(ms: number | null): string {
  if (ms === null) return '—';
  const s = ms / 1000;
  return `${s > 0 ? '+' : ''}${formatNumber(s, 1)} s`;
}

export function StationsScreen({ view }: { view: StationsView | null }) {
  const { t } = useTranslation();
  if (!view) return null;
  return (
    <section aria-labelledby="stations-h">
      <h2 id="stations-h">
        {t('panel.stations.heading')} <small>{t('panel.updated', { time: formatTime(view.at) })}</small>
      </h2>
      <table className="central-table" data-testid="stations">
        <thead>
          <tr>
            <th>{t('panel.col.station')}</th>
            <th>{t('panel.col.catd')}</th>
            <th>{t('panel.col.status')}</th>
            <th>{t('panel.col.lastHeartbeat')}</th>
            <th>{t('panel.col.link')}</th>
            <th className="num">{t('panel.col.clockOffset')}</th>
            <th className="num">{t('panel.col.queue')}</th>
            <th className="num">{t('panel.col.dead')}</th>
            <th className="num">{t('panel.col.delivered')}</th>
          </tr>
        </thead>
        <tbody>
          {view.stations.map((s) => (
            <tr key={s.stationId} className={s.silent ? 'silent' : ''}>
              <td>{s.stationId}</td>
              <td>{s.catd ?? '—'}</td>
              <td>
                <span className={s.silent ? 'central-status bad' : 'central-status good'}>
                  {s.silent ? t('panel.stations.silent') : t('panel.stations.ok')}
                </span>
              </td>
              <td>
                {s.silentForS === null
                  ? t('panel.stations.never')
                  : t('panel.stations.ago', { d: formatDuration(s.silentForS) })}
              </td>
              <td>{s.link ?? '—'}</td>
              <td className="num">{offsetText(s.clockOffsetMs)}</td>
              <td className="num">{s.queuePending === null ? '—' : formatNumber(s.queuePending)}</td>
              <td className="num">{s.queueDead === null ? '—' : formatNumber(s.queueDead)}</td>
              <td className="num">{s.delivered === null ? '—' : formatNumber(s.delivered)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
