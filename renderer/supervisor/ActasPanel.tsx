// Actas waiting for the supervisor (rejected, in conflict, out of catalogue, held) and failed
// transmissions; choose one, then act on it: each action asks its own reason (Decision), and the
// destructive ones (annul, keep the existing one, replace) show both actas' images and the key
// first. The core checks the role, state and version again.
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatStamp } from '../operator/format';
import type { ActaSummary, ConflictResolution } from '../../shared/workflow';
import { CONFLICT_RESOLUTIONS } from '../../shared/workflow';
import { useDecision } from './Decision';
import { ActaComparison } from './ActaComparison';
import { CatdLaterNotices, ELSEWHERE_RESOLUTIONS, ElsewhereNote, sightingOf } from './ElsewhereConflict';

/** Resolutions that annul a record: confirmed after seeing both actas. */
const DESTRUCTIVE: readonly ConflictResolution[] = ['keep_existing', 'replace'];

export function ActasPanel() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const attention = useQuery(
    trpc.supervisor.actas.attention.queryOptions(search.trim() ? { search: search.trim() } : undefined),
  );
  const detail = useQuery({
    ...trpc.supervisor.actas.detail.queryOptions({ actaId: selected ?? 1 }),
    enabled: selected !== null,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.supervisor.actas.pathKey() });
  const opts = { onSuccess: refresh };
  const acceptPage = useMutation(trpc.supervisor.actas.acceptPage.mutationOptions(opts));
  const resolve = useMutation(trpc.supervisor.actas.resolveConflict.mutationOptions(opts));
  const annul = useMutation(trpc.supervisor.actas.annul.mutationOptions(opts));
  const hold = useMutation(trpc.supervisor.actas.hold.mutationOptions(opts));
  const release = useMutation(trpc.supervisor.actas.release.mutationOptions(opts));
  const acceptOut = useMutation(trpc.supervisor.actas.acceptOutOfCatalogue.mutationOptions(opts));
  const requeue = useMutation(trpc.supervisor.transmission.requeue.mutationOptions(opts));
  const reprint = useMutation(trpc.supervisor.actas.reprintLabel.mutationOptions(opts));
  const all = [acceptPage, resolve, annul, hold, release, acceptOut, requeue, reprint];
  /** One action at a time on screen: the previous one's error or success line goes away. */
  const decision = useDecision();
  /**
   * Asks this action's own reason, then sends it. Refusals show in the decision step, which stays
   * open; one action at a time on screen (the previous one's success line goes away).
   */
  const decide = <I,>(
    m: { mutateAsync: (input: I & { reason: string }) => Promise<unknown> },
    input: I,
    label: string,
    more: { destructive?: boolean; detail?: ReactNode } = {},
  ) =>
    decision.ask({
      label,
      ...more,
      run: (reason) => {
        for (const x of all) x.reset();
        return m.mutateAsync({ ...input, reason });
      },
    });
  const busy = all.some((m) => m.isPending) || decision.open;
  const done = all.some((m) => m.isSuccess);

  const a = detail.data?.acta;
  // No second acta here: another station of the CATD had the key first.
  const elsewhere =
    a?.state === 'en_conflicto' && a.conflictWith === null ? sightingOf(detail.data?.history) : null;
  const resolutions = elsewhere ? ELSEWHERE_RESOLUTIONS : CONFLICT_RESOLUTIONS;
  const resolveLabel = (r: ConflictResolution) =>
    elsewhere
      ? t(`console.actas.resolveElsewhere.${r}`, { station: elsewhere.stationName })
      : t(`console.actas.resolve.${r}`);
  const ref = a ? { actaId: a.id, version: a.version } : null;
  const rejectedPages =
    detail.data?.pages.filter((p) => !p.suitable && !p.acceptedBy && p.supersededByScan === null) ?? [];

  return (
    <section aria-labelledby="actas-h">
      <h3 id="actas-h">{t('console.actas.heading')}</h3>
      <label>
        {t('console.actas.search')}
        <input value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {attention.data && attention.data.actas.length === 0 && <p>{t('console.actas.none')}</p>}
      {attention.data && <CatdLaterNotices notices={attention.data.catdLater} />}
      {attention.data && attention.data.actas.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('console.actas.key')}</th>
              <th>{t('console.actas.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {attention.data.actas.map((x: ActaSummary) => (
              <tr key={x.id} aria-selected={x.id === selected}>
                <td>{x.display}</td>
                <td>
                  {t(`workflow.state.${x.state}`)}
                  {x.held && ` · ${t('console.actas.held')}`}
                  {x.catalogue === 'out' && ` · ${t('console.actas.outOfCatalogue')}`}
                </td>
                <td>
                  <button type="button" className="secondary" onClick={() => setSelected(x.id)}>
                    {t('console.actas.select')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {a && ref && (
        <div role="group" aria-label={t('console.actas.selected', { key: a.display, state: a.state })}>
          <p className="notice">
            {t('console.actas.selected', { key: a.display, state: t(`workflow.state.${a.state}`) })}
          </p>
          {a.state === 'rechazada' &&
            rejectedPages.map((p) => (
              <div className="row" key={p.id}>
                <span>
                  {t('console.actas.rejectedPage', {
                    position: p.position,
                    scan: p.scanNo,
                    reasons: p.reasons
                      .filter((r) => r.severity === 'reject')
                      .map((r) => t(r.messageKey, { defaultValue: r.code }))
                      .join(', '),
                  })}
                </span>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => decide(acceptPage, { ...ref, pageId: p.id }, t('console.actas.acceptPage'))}
                >
                  {t('console.actas.acceptPage')}
                </button>
              </div>
            ))}
          {a.state === 'en_conflicto' && (
            <div className="row">
              {a.conflictWith !== null && <ConflictWith acta={a} existingId={a.conflictWith} />}
              {elsewhere && <ElsewhereNote display={a.display} sighting={elsewhere} />}
              {resolutions.map((r: ConflictResolution) => (
                <button
                  key={r}
                  type="button"
                  className={DESTRUCTIVE.includes(r) ? 'secondary' : undefined}
                  disabled={busy}
                  onClick={() =>
                    decide(resolve, { ...ref, resolution: r }, resolveLabel(r), {
                      destructive: DESTRUCTIVE.includes(r),
                      detail: (
                        <ActaComparison
                          display={a.display}
                          actaId={a.id}
                          existingId={a.conflictWith}
                          consequence={t(`decision.consequence.${r}`)}
                        />
                      ),
                    })
                  }
                >
                  {resolveLabel(r)}
                </button>
              ))}
            </div>
          )}
          <div className="row">
            {a.catalogue === 'out' && (
              <button
                type="button"
                disabled={busy}
                onClick={() => decide(acceptOut, ref, t('console.actas.acceptOutOfCatalogue'))}
              >
                {t('console.actas.acceptOutOfCatalogue')}
              </button>
            )}
            {a.state === 'en_cola' && !a.held && (
              <button
                type="button"
                disabled={busy}
                onClick={() => decide(hold, ref, t('console.actas.hold'))}
              >
                {t('console.actas.hold')}
              </button>
            )}
            {a.held && (
              <button
                type="button"
                disabled={busy}
                onClick={() => decide(release, ref, t('console.actas.release'))}
              >
                {t('console.actas.release')}
              </button>
            )}
            {a.state !== 'anulada' && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                title={t('printer.reprint.marked')}
                onClick={() => decide(reprint, { actaId: a.id }, t('printer.action.reprint'))}
              >
                {t('printer.action.reprint')}
              </button>
            )}
            {a.state !== 'anulada' && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() =>
                  decide(annul, ref, t('console.actas.annul'), {
                    destructive: true,
                    detail: (
                      <ActaComparison
                        display={a.display}
                        actaId={a.id}
                        consequence={t('decision.consequence.annul')}
                      />
                    ),
                  })
                }
              >
                {t('console.actas.annul')}
              </button>
            )}
          </div>
        </div>
      )}
      {decision.step}
      {done && !decision.open && (
        <p className="notice" role="status">
          {t('console.done')}
        </p>
      )}

      {attention.data && attention.data.alarms.length > 0 && (
        <div role="alert" data-testid="transmission-alarms">
          <h3 className="error">{t('console.actas.alarmsHeading')}</h3>
          {attention.data.alarms.map((a) => (
            <p className="row error" key={`${a.kind}:${a.actaId ?? ''}:${a.outboxId ?? ''}`}>
              {t(`console.actas.alarm.${a.kind}`, { key: a.actaKey })}
            </p>
          ))}
        </div>
      )}

      <h3>{t('console.actas.deadHeading')}</h3>
      {attention.data && attention.data.deadLetters.length === 0 && <p>{t('console.actas.deadNone')}</p>}
      {attention.data?.deadLetters.map((d) => (
        <div className="row" key={d.outboxId}>
          <span>
            {t('console.actas.deadRow', {
              key: d.actaKey,
              attempts: d.attempts,
              error: d.lastError ? errorText(t, d.lastError) : '—',
            })}
          </span>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              decide(requeue, { outboxId: d.outboxId }, `${t('console.actas.requeue')}: ${d.actaKey}`)
            }
          >
            {t('console.actas.requeue')}
          </button>
        </div>
      ))}
    </section>
  );
}

/**
 * What the new acta collides with, as the supervisor reads it: the key (both records share it)
 * and when the existing one was received and where it stands — never an internal number.
 */
function ConflictWith({ acta, existingId }: { acta: ActaSummary; existingId: number }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const existing = useQuery(trpc.actas.get.queryOptions({ actaId: existingId })).data?.acta;
  return (
    <span data-testid="conflict-with">
      {existing
        ? t('console.actas.conflictWith', {
            key: acta.display,
            time: formatStamp(existing.receivedAt),
            state: t(`workflow.state.${existing.state}`),
          })
        : t('console.actas.conflictWithKey', { key: acta.display })}
    </span>
  );
}
