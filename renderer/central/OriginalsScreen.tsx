// The scanned originals of actas that travelled as lighter copies: ask for one by its acta key
// (the station sends it after its next heartbeat) and download it once it has arrived.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PANEL_ORIGINAL_FILE_PATH,
  PANEL_ORIGINALS_PATH,
  type OriginalsView,
} from '../../shared/central-panel';
import { formatTime } from '../intl';
import { usePolled } from './api';

type Asked = { kind: 'asked'; count: number } | { kind: 'error'; key: string } | null;

const ERROR_KEYS: Record<number, string> = {
  400: 'panel.originals.badKey',
  404: 'panel.originals.notFound',
  409: 'panel.originals.sentAsScanned',
};

export function OriginalsScreen({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useTranslation();
  const [actaKey, setActaKey] = useState('');
  const [asked, setAsked] = useState<Asked>(null);
  const [refresh, setRefresh] = useState(0);
  const view = usePolled<OriginalsView>(`${PANEL_ORIGINALS_PATH}?r=${refresh}`, onSignedOut);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await fetch(PANEL_ORIGINALS_PATH, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ actaKey: actaKey.trim().toUpperCase() }),
      });
      if (r.status === 401) return onSignedOut();
      if (r.ok) {
        const body = (await r.json()) as OriginalsView;
        setAsked({ kind: 'asked', count: body.originals.length });
        setActaKey('');
        setRefresh((n) => n + 1);
      } else setAsked({ kind: 'error', key: ERROR_KEYS[r.status] ?? 'panel.originals.failed' });
    } catch {
      setAsked({ kind: 'error', key: 'panel.originals.failed' });
    }
  };

  return (
    <section aria-labelledby="originals-h">
      <h2 id="originals-h">{t('panel.originals.heading')}</h2>
      <p className="central-explain">{t('panel.originals.explain')}</p>
      <form className="central-inline" onSubmit={(e) => void submit(e)}>
        <label>
          {t('panel.originals.key')}
          <input
            value={actaKey}
            onChange={(e) => setActaKey(e.target.value)}
            autoFocus
            spellCheck={false}
            size={36}
            maxLength={64}
            data-testid="original-key"
          />
        </label>
        <button type="submit" disabled={!actaKey.trim()}>
          {t('panel.originals.ask')}
        </button>
      </form>
      {asked && (
        <p
          role="status"
          className={`central-asked ${asked.kind === 'error' ? 'central-error' : 'central-ok'}`}
          data-testid="original-asked"
        >
          {asked.kind === 'asked' ? t('panel.originals.asked', { count: asked.count }) : t(asked.key)}
        </p>
      )}
      {view.data && view.data.originals.length === 0 && <p>{t('panel.originals.none')}</p>}
      {view.data && view.data.originals.length > 0 && (
        <table className="central-table" data-testid="originals">
          <thead>
            <tr>
              <th>{t('panel.originals.key')}</th>
              <th className="num">{t('panel.originals.page')}</th>
              <th>{t('panel.col.station')}</th>
              <th>{t('panel.originals.requested')}</th>
              <th>{t('panel.originals.by')}</th>
              <th>{t('panel.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {view.data.originals.map((o) => (
              <tr key={o.sha256}>
                <td className="mono">{o.actaKey}</td>
                <td className="num">{o.page}</td>
                <td>{o.stationId}</td>
                <td>{formatTime(o.requestedAt)}</td>
                <td>{o.requestedBy}</td>
                <td>
                  {o.receivedAt ? (
                    <>
                      <span className="central-status good">
                        {t('panel.originals.received', { time: formatTime(o.receivedAt) })}
                      </span>{' '}
                      <a href={`${PANEL_ORIGINAL_FILE_PATH}?sha256=${o.sha256}`} download>
                        {t('panel.originals.download')}
                      </a>
                    </>
                  ) : (
                    <span className="central-warning">{t('panel.originals.waiting')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
