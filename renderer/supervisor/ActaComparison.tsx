// What a destructive decision is about, shown before it is confirmed: the acta's key in words and
// each record's current pages side by side (the one already recorded on the left, the new one on
// the right), with when and by whom each was received. Never an internal record number.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { formatStamp } from '../operator/format';
import type { ActaDetail } from '../../shared/workflow';

/** Current pages only: a page a rescan superseded is kept but is not what would be published. */
function currentPages(d: ActaDetail) {
  return d.pages.filter((p) => p.supersededByScan === null);
}

function Side({ label, actaId, testId }: { label: string; actaId: number; testId: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const detail = useQuery(trpc.actas.get.queryOptions({ actaId })).data;
  const pages = detail ? currentPages(detail) : [];
  return (
    <figure className="compare-side" data-testid={testId}>
      <figcaption>
        <strong>{label}</strong>
        {detail && (
          <span>
            {t('decision.received', {
              time: formatStamp(detail.acta.receivedAt),
              by: detail.acta.receivedBy,
              state: t(`workflow.state.${detail.acta.state}`),
            })}
          </span>
        )}
      </figcaption>
      {!detail && <p>{t('decision.loading')}</p>}
      {detail && pages.length === 0 && <p className="no-images">{t('decision.noImages')}</p>}
      <div className="compare-pages">
        {pages.map((p) => (
          <img
            key={p.id}
            src={`/media/preview/${p.sha256}`}
            alt={t('decision.imageAlt', { side: label, n: p.position })}
          />
        ))}
      </div>
    </figure>
  );
}

/** Both records of a repeated key (existingId absent: only this acta, e.g. to annul it). */
export function ActaComparison({
  display,
  actaId,
  existingId,
  consequence,
}: {
  display: string;
  actaId: number;
  existingId?: number | null;
  consequence: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="compare">
      <p className="compare-key" data-testid="decision-key">
        {t('decision.key', { key: display })}
      </p>
      <p>{consequence}</p>
      <div className="compare-sides">
        {existingId != null && (
          <Side label={t('decision.existing')} actaId={existingId} testId="side-existing" />
        )}
        <Side
          label={existingId != null ? t('decision.incoming') : t('decision.thisActa')}
          actaId={actaId}
          testId="side-incoming"
        />
      </div>
    </div>
  );
}
