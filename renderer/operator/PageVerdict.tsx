// One page as the gate judged it: the verdict in words, each reason with the action to take, and
// the preview image. A page the gate passed but the operator rejected at verification (F7) says
// so, with the reason typed then: never "bien" under a "rechazada" acta.
import { useTranslation } from 'react-i18next';
import type { PageSummary } from '../../shared/workflow';

/**
 * Where on the page each problem is, to mark it on the preview: an edge for content cut off, the
 * QR label's corner for identification problems, the whole sheet for blur, exposure and the like.
 */
const MARK_OF: Record<string, string> = {
  cutOffTop: 'top',
  cutOffBottom: 'bottom',
  cutOffLeft: 'left',
  cutOffRight: 'right',
  qrUnreadable: 'qr',
  qrInvalidKey: 'qr',
  identificationMismatch: 'qr',
};

function marksOf(page: PageSummary): string[] {
  const marks = new Set(page.reasons.map((r) => MARK_OF[r.code] ?? (r.severity === 'reject' ? 'page' : '')));
  marks.delete('');
  return [...marks];
}

export function PageVerdict({ page, rejectedAtVerify }: { page: PageSummary; rejectedAtVerify?: string }) {
  const { t } = useTranslation();
  const ok = (page.suitable || page.acceptedBy !== null) && rejectedAtVerify === undefined;
  return (
    <article className={`page-card ${ok ? 'tone-ok' : 'tone-fault'}`} data-testid="verdict">
      <div className="preview" data-testid="preview-marks" data-marks={marksOf(page).join(' ')}>
        <img src={`/media/preview/${page.sha256}`} alt={t('scan.previewAlt', { n: page.position })} />
        {marksOf(page).map((m) => (
          <span key={m} className={`mark mark-${m}`} aria-hidden="true" />
        ))}
      </div>
      <div>
        <p className="verdict-word">
          <span aria-hidden="true">{ok ? '✓' : '✕'}</span>{' '}
          {t(
            ok
              ? 'scan.pageOk'
              : rejectedAtVerify !== undefined
                ? 'scan.pageRejectedAtVerify'
                : 'scan.pageRejected',
            {
              n: page.position,
            },
          )}
        </p>
        <ul className="reasons">
          {rejectedAtVerify !== undefined && (
            <li className="error" data-testid="verify-reason">
              {t('scan.verifyReason', { reason: rejectedAtVerify })}
            </li>
          )}
          {page.reasons.map((r, i) => (
            <li key={i} className={r.severity === 'reject' ? 'error' : 'warn-text'}>
              {t(r.messageKey)}
            </li>
          ))}
          {page.identification !== 'match' && page.identification !== 'mismatch' && (
            <li className="warn-text">{t(`scan.identification.${page.identification}`)}</li>
          )}
        </ul>
      </div>
    </article>
  );
}
