import { useTranslation } from 'react-i18next';
import type { RejectionRate } from '../../shared/central-panel';
import { rejectionLabel } from '../../shared/report';
import { formatNumber } from '../intl';

/** Rejections by reason, each as a share of the scans the stations reported. */
export function Rejections({ scans, rejections }: { scans: number; rejections: RejectionRate[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="rejections-h">
      <h2 id="rejections-h">{t('panel.rejections.heading')}</h2>
      <p>{t('panel.rejections.scans', { scans: formatNumber(scans) })}</p>
      {rejections.length === 0 ? (
        <p>{t('panel.rejections.none')}</p>
      ) : (
        <table className="central-table" data-testid="rejections">
          <thead>
            <tr>
              <th>{t('panel.col.reason')}</th>
              <th>{t('panel.col.where')}</th>
              <th className="num">{t('panel.col.count')}</th>
              <th className="num">{t('panel.col.rate')}</th>
            </tr>
          </thead>
          <tbody>
            {rejections.map((r) => (
              <tr key={`${r.kind}:${r.reason}`}>
                <td>{rejectionLabel(r, t)}</td>
                <td>{t(`report.kind.${r.kind}`)}</td>
                <td className="num">{formatNumber(r.count)}</td>
                <td className="num">
                  {scans > 0 ? `${formatNumber((100 * r.count) / scans, 1)}\u00a0%` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
