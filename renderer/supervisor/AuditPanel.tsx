// The audit log: filter (who, action, text, dates) a page at a time, and copy it to removable
// media, signed, with or without the diagnostic bundle. The success line names every file.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatStamp } from '../operator/format';
import { PlacePicker } from './PlacePicker';

/** Entries per page: one screen of the console without scrolling far. */
const PAGE_SIZE = 25;

interface Filter {
  actor: string;
  action: string;
  text: string;
  from: string;
  to: string;
}

/** A date typed as yyyy-mm-dd is a whole local day: from its start, to the start of the next. */
function dayStart(date: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

export function AuditPanel({ reason }: { reason: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filter>({ actor: '', action: '', text: '', from: '', to: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  const [offset, setOffset] = useState(0);
  const [folder, setFolder] = useState('');
  const from = dayStart(filter.from);
  const to = dayStart(filter.to, 1);
  const page = useQuery(
    trpc.supervisor.audit.query.queryOptions({
      limit: PAGE_SIZE,
      offset,
      ...(filter.actor.trim() ? { actor: filter.actor.trim() } : {}),
      ...(filter.action.trim() ? { action: filter.action.trim() } : {}),
      ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    }),
  );
  const exportLog = useMutation(
    trpc.supervisor.audit.export.mutationOptions({ onSuccess: () => void page.refetch() }),
  );
  const bundle = useMutation(
    trpc.supervisor.audit.bundle.mutationOptions({ onSuccess: () => void page.refetch() }),
  );
  const failure = exportLog.error ?? bundle.error;
  const total = page.data?.total ?? 0;
  const field = (k: keyof Filter) => ({
    value: draft[k],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value }),
  });

  return (
    <section aria-labelledby="audit-h">
      <h3 id="audit-h">{t('console.audit.heading')}</h3>
      <form
        className="row"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setOffset(0);
          setFilter(draft);
        }}
      >
        <label>
          {t('console.audit.actor')}
          <input {...field('actor')} />
        </label>
        <label>
          {t('console.audit.action')}
          <input {...field('action')} />
        </label>
        <label>
          {t('console.audit.text')}
          <input {...field('text')} />
        </label>
        <label>
          {t('console.audit.from')}
          <input type="date" {...field('from')} />
        </label>
        <label>
          {t('console.audit.to')}
          <input type="date" {...field('to')} />
        </label>
        <button type="submit">{t('console.audit.filter')}</button>
      </form>
      {page.isError && (
        <p className="error" role="alert">
          {errorText(t, page.error.message)}
        </p>
      )}
      <p>
        {t('console.audit.page', {
          from: total === 0 ? 0 : offset + 1,
          to: Math.min(offset + PAGE_SIZE, total),
          total,
        })}
      </p>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('console.audit.when')}</th>
            <th>{t('console.audit.actor')}</th>
            <th>{t('console.audit.action')}</th>
            <th>{t('console.audit.subject')}</th>
            <th>{t('console.audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{formatStamp({ utc: e.atUtc, offsetMinutes: e.offsetMinutes })}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.subject}</td>
              <td className="details">{JSON.stringify(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
        >
          {t('console.audit.previous')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={offset + PAGE_SIZE >= total}
          onClick={() => setOffset(offset + PAGE_SIZE)}
        >
          {t('console.audit.next')}
        </button>
      </div>
      <PlacePicker
        id="audit-place"
        label={t('console.audit.folder')}
        value={folder}
        onChange={(p) => setFolder(p?.path ?? '')}
      />
      <div className="row">
        <button
          type="button"
          disabled={exportLog.isPending}
          onClick={() => {
            bundle.reset();
            exportLog.mutate({ folder, reason });
          }}
        >
          {t('console.audit.export')}
        </button>
        <button
          type="button"
          disabled={bundle.isPending}
          onClick={() => {
            exportLog.reset();
            bundle.mutate({ folder, reason });
          }}
        >
          {t('console.audit.bundle')}
        </button>
      </div>
      {failure && (
        <p className="error" role="alert">
          {errorText(t, failure.message)}
        </p>
      )}
      {exportLog.isSuccess && (
        <p className="notice" role="status">
          {t('console.audit.exported', {
            entries: exportLog.data.entries,
            files: exportLog.data.files.join(', '),
          })}
        </p>
      )}
      {bundle.isSuccess && (
        <p className="notice" role="status">
          {t('console.audit.bundled', { files: bundle.data.files.join(', ') })}
        </p>
      )}
    </section>
  );
}
