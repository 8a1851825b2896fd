// Load the catalogue of casillas: pasted CSV or a file on removable media. Nothing is stored
// unless every line is good; otherwise each bad line is listed with what is wrong.
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { joinPlace, PlacePicker, type PickedPlace } from './PlacePicker';
import { useDecision } from './Decision';

export function CataloguePanel() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [place, setPlace] = useState<PickedPlace | null>(null);
  const [file, setFile] = useState('');
  const info = useQuery(trpc.supervisor.catalogue.info.queryOptions());
  const load = useMutation(
    trpc.supervisor.catalogue.load.mutationOptions({ onSuccess: () => void info.refetch() }),
  );
  const r = load.data;
  const decision = useDecision();
  return (
    <section aria-labelledby="cat-h">
      <h3 id="cat-h">{t('console.catalogue.heading')}</h3>
      <p>
        {info.data
          ? t('console.catalogue.current', { entries: info.data.entries, by: info.data.loadedBy })
          : t('console.catalogue.noneLoaded')}
      </p>
      <label>
        {t('console.catalogue.paste')}
        <textarea rows={5} value={csv} onChange={(e) => setCsv(e.target.value)} />
      </label>
      <p>{t('console.catalogue.path')}</p>
      <PlacePicker id="cat-place" label={t('places.label')} value={place?.path ?? ''} onChange={setPlace} />
      <label>
        {t('places.file')}
        <input list="cat-files" value={file} onChange={(e) => setFile(e.target.value)} />
        <datalist id="cat-files">
          {place?.csvFiles.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </label>
      <button
        type="button"
        disabled={load.isPending || decision.open}
        onClick={() => {
          const source =
            place && file.trim() && !csv.trim() ? { path: joinPlace(place.path, file.trim()) } : { csv };
          decision.ask({
            label: t('console.catalogue.load'),
            run: (reason) => load.mutateAsync({ ...source, reason }),
          });
        }}
      >
        {t('console.catalogue.load')}
      </button>
      {decision.step}
      {r?.ok === true && (
        <p className="notice" role="status">
          {t('console.catalogue.loaded', { entries: r.entries, nowOut: r.nowOut })}
        </p>
      )}
      {r?.ok === false && (
        <div role="alert">
          <p className="error">{t('console.catalogue.refused', { count: r.errorCount })}</p>
          <table className="line-errors" aria-label={t('console.catalogue.refused', { count: r.errorCount })}>
            <tbody>
              {r.errors.map((e) => (
                <tr key={`${e.line}-${e.code}`}>
                  <td>{t('console.catalogue.line', { line: e.line })}</td>
                  <td>{t(`console.catalogue.error.${e.code}`)}</td>
                  <td className="details">{e.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
