// The drives and folders the core allows for exports and catalogues, as a select (never a typed
// path: the core refuses anything outside these anyway). Removable drives come first; the list is
// re-read on "Refresh" after a USB stick is plugged in.
import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';

export interface PickedPlace {
  path: string;
  csvFiles: string[];
}

/** A file name joined to a place with the separator the place itself uses (Windows or POSIX). */
export function joinPlace(place: string, name: string): string {
  const sep = place.includes('\\') && !place.includes('/') ? '\\' : '/';
  return place.endsWith(sep) ? `${place}${name}` : `${place}${sep}${name}`;
}

export function PlacePicker({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (place: PickedPlace | null) => void;
}) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const places = useQuery(trpc.supervisor.places.list.queryOptions());
  const list = useMemo(() => places.data ?? [], [places.data]);
  const current = list.find((p) => p.path === value);
  useEffect(() => {
    // The first place (a removable drive when one is plugged in) is picked until the supervisor picks.
    if (!current && list[0]) onChange(list[0]);
  }, [current, list, onChange]);
  return (
    <div className="row">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(list.find((p) => p.path === e.target.value) ?? null)}
      >
        {list.map((p) => (
          <option key={p.path} value={p.path}>
            {t(`places.kind.${p.kind}`)}: {p.path}
          </option>
        ))}
      </select>
      <button type="button" className="secondary" onClick={() => void places.refetch()}>
        {t('places.refresh')}
      </button>
      {places.isSuccess && !list.some((p) => p.kind === 'removable') && (
        // A hint, not a live status: the panel's own status line reports what an action did.
        <p className="hint">{t('places.none')}</p>
      )}
    </div>
  );
}
