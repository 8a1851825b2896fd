import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CatdIdSchema, PANEL_CATD_PATH, type CatdView } from '../../shared/central-panel';
import { formatNumber, formatTime } from '../intl';
import { usePolled } from './api';
import { percent, ProgressBar } from './NationalScreen';
import { Rejections } from './Rejections';

export function CatdScreen({
  catd,
  onChoose,
  onSignedOut,
}: {
  catd: string | null;
  onChoose: (catd: string) => void;
  onSignedOut: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(catd ?? '');
  const { data, status } = usePolled<CatdView>(
    catd ? `${PANEL_CATD_PATH}?catd=${encodeURIComponent(catd)}` : null,
    onSignedOut,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (CatdIdSchema.safeParse(typed.trim()).success) onChoose(typed.trim());
  };
  const view = data && data.progress.catd === catd ? data : null;
  return (
    <div className="central-catd">
      <form className="central-inline" onSubmit={submit}>
        <label>
          {t('panel.catd.choose')}
          <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="09-05" autoFocus />
        </label>
        <button type="submit">{t('panel.catd.open')}</button>
      </form>
      {catd && status === 404 && <p className="central-warning">{t('panel.catd.notFound', { catd })}</p>}
      {view && (
        <>
          <h2>
            {t('panel.catd.heading', { catd: view.progress.catd })}{' '}
            <small>{t('panel.updated', { time: formatTime(view.at) })}</small>
          </h2>
          <dl className="central-figures" data-testid="catd-figures">
            <div>
              <dt>{t('panel.national.received')}</dt>
              <dd data-testid="catd-received">{formatNumber(view.progress.received)}</dd>
            </div>
            <div>
              <dt>{t('panel.national.expected')}</dt>
              <dd data-testid="catd-expected">{formatNumber(view.progress.expected)}</dd>
            </div>
            <div>
              <dt>{t('panel.col.progress')}</dt>
              <dd>
                {percent(view.progress.received, view.progress.expected)} <ProgressBar p={view.progress} />
              </dd>
            </div>
            <div>
              <dt>{t('panel.col.stations')}</dt>
              <dd>{formatNumber(view.progress.stations)}</dd>
            </div>
          </dl>
          <div className="central-columns">
            <section aria-labelledby="missing-h">
              <h2 id="missing-h">{t('panel.catd.missing', { total: formatNumber(view.missingTotal) })}</h2>
              {view.missingTotal === 0 ? (
                <p>{t('panel.catd.noneMissing')}</p>
              ) : (
                <table className="central-table" data-testid="missing">
                  <thead>
                    <tr>
                      <th>{t('panel.col.seccion')}</th>
                      <th>{t('panel.col.casilla')}</th>
                      <th>{t('panel.col.election')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.missing.map((m) => (
                      <tr key={`${m.seccion}-${m.casilla}-${m.election ?? ''}`}>
                        <td>{m.seccion}</td>
                        <td>{m.casilla}</td>
                        <td>{m.election ?? t('panel.col.allElections')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {view.missingTotal > view.missing.length && (
                <p>
                  {t('panel.catd.missingMore', {
                    more: formatNumber(view.missingTotal - view.missing.length),
                  })}
                </p>
              )}
            </section>
            <Rejections scans={view.scans} rejections={view.rejections} />
          </div>
        </>
      )}
    </div>
  );
}
