// The audit log in words: who (by name), what (the action said in Spanish), which acta (its key)
// and why (the reason that entry carries), filtered a page at a time; and copied to removable
// media, signed, with or without the diagnostic bundle. The success line names every file. The
// JSON and the hashes stay in the export, where the auditor's tools read them.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatLocalStamp, formatOffset } from '../operator/format';
import { PlacePicker } from './PlacePicker';
import type { AuditRowView } from '../../shared/audit-view';
import { useDecision } from './Decision';

/** Entries per page: one screen of the console without scrolling far. */
const PAGE_SIZE = 25;

interface Filter {
  actor: string;
  action: string;
  text: string;
  from: string;
  to: string;
}

/** Kinds of action to filter by: the code prefix each covers ('' = all). */
const GROUPS = ['all', 'acta', 'console', 'operator', 'power', 'transmit', 'elevation'] as const;

/**
 * A date typed as dd/mm/aaaa (as the whole station writes dates; a browser's date field follows
 * the machine's locale instead) is a whole local day: from its start, to the start of the next.
 */
function dayStart(date: string, plusDays = 0): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(date);
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(y, mo - 1, d);
  if (day.getMonth() !== mo - 1 || day.getDate() !== d) return undefined;
  return new Date(y, mo - 1, d + plusDays).toISOString();
}

/**
 * When, in the offset the station had: "03/12/2026 22:15:04" in Spanish (24 h), "Dec 3, 2026,
 * 22:15:04" in English. The UTC offset goes in the column's heading when every row of the page
 * shares it (one line per row fits more rows on the CATD's 768-pixel screen), after the time of a
 * row whose offset differs (a clock or time-zone change mid-night stays visible).
 */
function auditTime(e: AuditRowView, language: string, pageOffset: number | null): string {
  const offset = e.offsetMinutes === pageOffset ? '' : ` ${formatOffset(e.offsetMinutes)}`;
  if (language !== 'en') return formatLocalStamp({ utc: e.atUtc, offsetMinutes: e.offsetMinutes }) + offset;
  const local = new Date(Date.parse(e.atUtc) + e.offsetMinutes * 60_000);
  const when = new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(local);
  return when + offset;
}

/** i18next reads dots as nesting: an action code is looked up with underscores. */
const actionKey = (action: string) => `auditWords.action.${action.replace(/\./g, '_')}`;

export function AuditPanel() {
  const trpc = useTRPC();
  const { t, i18n } = useTranslation();
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
      ...(filter.action ? { action: `${filter.action}.` } : {}),
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
  const decision = useDecision();
  const total = page.data?.total ?? 0;
  const entries = page.data?.entries ?? [];
  const pageOffset =
    entries.length > 0 && entries.every((e) => e.offsetMinutes === entries[0]!.offsetMinutes)
      ? entries[0]!.offsetMinutes
      : null;
  const field = (k: keyof Filter) => ({
    value: draft[k],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value }),
  });

  return (
    <section aria-labelledby="audit-h">
      <div className="audit-head">
        <h3 id="audit-h">{t('console.audit.heading')}</h3>
        <p>
          {t('console.audit.page', {
            from: total === 0 ? 0 : offset + 1,
            to: Math.min(offset + PAGE_SIZE, total),
            total,
          })}
        </p>
      </div>
      <form
        className="row audit-filter"
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
          <select {...field('action')}>
            {GROUPS.map((g) => (
              <option key={g} value={g === 'all' ? '' : g}>
                {t(`auditWords.groups.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.audit.text')}
          <input {...field('text')} />
        </label>
        <label>
          {t('console.audit.from')}
          <input inputMode="numeric" placeholder={t('auditWords.datePlaceholder')} {...field('from')} />
        </label>
        <label>
          {t('console.audit.to')}
          <input inputMode="numeric" placeholder={t('auditWords.datePlaceholder')} {...field('to')} />
        </label>
        <button type="submit">{t('console.audit.filter')}</button>
      </form>
      {page.isError && (
        <p className="error" role="alert">
          {errorText(t, page.error.message)}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>
              {t('console.audit.when')}
              {pageOffset !== null && <span className="hint"> ({formatOffset(pageOffset)})</span>}
            </th>
            <th>{t('auditWords.who')}</th>
            <th>{t('auditWords.what')}</th>
            <th>{t('auditWords.which')}</th>
            <th>{t('auditWords.why')}</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.entries.map((e) => (
            <AuditRow key={e.seq} e={e} when={auditTime(e, i18n.language, pageOffset)} />
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
          disabled={exportLog.isPending || decision.open}
          onClick={() =>
            decision.ask({
              label: t('console.audit.export'),
              run: (reason) => {
                bundle.reset();
                return exportLog.mutateAsync({ folder, reason });
              },
            })
          }
        >
          {t('console.audit.export')}
        </button>
        <button
          type="button"
          disabled={bundle.isPending || decision.open}
          onClick={() =>
            decision.ask({
              label: t('console.audit.bundle'),
              run: (reason) => {
                exportLog.reset();
                return bundle.mutateAsync({ folder, reason });
              },
            })
          }
        >
          {t('console.audit.bundle')}
        </button>
      </div>
      {decision.step}
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

function AuditRow({ e, when }: { e: AuditRowView; when: string }) {
  const { t } = useTranslation();
  const what = t(actionKey(e.action), { defaultValue: e.action });
  const subjectKey = `auditWords.subject.${e.subject}`;
  return (
    <tr>
      <td className="audit-when">{when}</td>
      <td>
        {e.actor === 'sistema'
          ? t('auditWords.system')
          : e.actorName
            ? `${e.actorName} (${e.actor})`
            : e.actor}
        {e.operator && e.operator !== e.actor && (
          <span className="hint"> {t('auditWords.atScreenOf', { operator: e.operator })}</span>
        )}
      </td>
      <td>
        {e.resolution
          ? t('auditWords.resolved', {
              action: what,
              resolution: t(`auditWords.resolution.${e.resolution}`, { defaultValue: e.resolution }),
            })
          : what}
      </td>
      <td>
        {e.actaKey ?? (/^[a-z]+$/.test(e.subject) ? t(subjectKey, { defaultValue: e.subject }) : e.subject)}
      </td>
      <td>{e.reason ?? t('auditWords.noReason')}</td>
    </tr>
  );
}
