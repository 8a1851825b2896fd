import { useTranslation } from 'react-i18next';
import { PANEL_NATIONAL_PATH, type CatdProgress, type NationalView } from '../../shared/central-panel';
import { formatNumber, formatTime } from '../intl';
import { usePolled } from './api';
import { Rejections } from './Rejections';

export function percent(received: number, expected: number): string {
  return expected > 0 ? `${formatNumber((100 * received) / expected, 1)}\u00a0%` : '—';
}

export function ProgressBar({ p }: { p: Pick<CatdProgress, 'received' | 'expected'> }) {
  const share = p.expected > 0 ? Math.min(1, p.received / p.expected) : 0;
  return (
    <span className="central-bar" aria-hidden="true">
      <span className="central-bar-fill" style={{ width: `${share * 100}%` }} />
    </span>
  );
}

export function NationalScreen({
  onSignedOut,
  onOpenCatd,
}: {
  onSignedOut: () => void;
  onOpenCatd: (catd: string) => void;
}) {
  const { t } = useTranslation();
  const { data } = usePolled<NationalView>(PANEL_NATIONAL_PATH, onSignedOut);
  if (!data) return null;
  return (
    <div className="central-national">
      <section aria-labelledby="national-h">
        <h2 id="national-h">
          {t('panel.national.heading')} <small>{t('panel.updated', { time: formatTime(data.at) })}</small>
        </h2>
        {!data.catalogueLoaded && <p className="central-warning">{t('panel.national.noCatalogue')}</p>}
        <dl className="central-figures" data-testid="national-figures">
          <div>
            <dt>{t('panel.national.received')}</dt>
            <dd data-testid="national-received">{formatNumber(data.received)}</dd>
          </div>
          <div>
            <dt>{t('panel.national.expected')}</dt>
            <dd data-testid="national-expected">{formatNumber(data.expected)}</dd>
          </div>
          <div>
            <dt>{t('panel.col.progress')}</dt>
            <dd data-testid="national-percent">{percent(data.received, data.expected)}</dd>
          </div>
          <div>
            <dt>{t('panel.national.missing')}</dt>
            <dd data-testid="national-missing">{formatNumber(data.expected - data.received)}</dd>
          </div>
          <div>
            <dt>{t('panel.national.outOfCatalogue')}</dt>
            <dd>{formatNumber(data.outOfCatalogue)}</dd>
          </div>
        </dl>
      </section>
      <div className="central-columns">
        <section aria-labelledby="bycatd-h">
          <h2 id="bycatd-h">{t('panel.national.byCatd')}</h2>
          <table className="central-table" data-testid="catd-table">
            <thead>
              <tr>
                <th>{t('panel.col.catd')}</th>
                <th>{t('panel.col.progress')}</th>
                <th className="num">{t('panel.col.received')}</th>
                <th className="num">{t('panel.col.expected')}</th>
                <th className="num">{t('panel.col.stations')}</th>
                <th className="num">{t('panel.col.silent')}</th>
              </tr>
            </thead>
            <tbody>
              {data.catds.map((c) => (
                <tr key={c.catd} className={c.silentStations > 0 ? 'silent' : ''}>
                  <td>
                    <button type="button" className="link" onClick={() => onOpenCatd(c.catd)}>
                      {c.catd}
                    </button>
                  </td>
                  <td>
                    <ProgressBar p={c} /> {percent(c.received, c.expected)}
                  </td>
                  <td className="num">{formatNumber(c.received)}</td>
                  <td className="num">{formatNumber(c.expected)}</td>
                  <td className="num">{formatNumber(c.stations)}</td>
                  <td className="num">{c.silentStations > 0 ? formatNumber(c.silentStations) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <Rejections scans={data.scans} rejections={data.rejections} />
      </div>
    </div>
  );
}
