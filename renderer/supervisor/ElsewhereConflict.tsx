// An acta en conflicto because another station of the CATD received its key first (at acopio, or
// learnt later from a report sent when the link came back): there is no other acta on this
// station to compare with, so the supervisor sees which station had it and when, and the two
// choices that make sense here: annul this copy (the other station's counts) or keep it.
import { useTranslation } from 'react-i18next';
import { AcopioSightingSchema, type AcopioSighting } from '../../shared/catd-view';
import type { ActaHistoryEntry, CatdLaterNotice, ConflictResolution } from '../../shared/workflow';
import { formatStamp, formatStampTime } from '../operator/format';

/** What makes sense without a second acta here: annul this copy, or keep it ("replace" has nothing to replace). */
export const ELSEWHERE_RESOLUTIONS: readonly ConflictResolution[] = ['keep_existing', 'keep_both'];

/** The station that received the key first, from the acta's latest conflict entry (null: none). */
export function sightingOf(history: readonly ActaHistoryEntry[] | undefined): AcopioSighting | null {
  const entry = [...(history ?? [])].reverse().find((h) => h.action === 'acta.conflict');
  const parsed = AcopioSightingSchema.safeParse(entry?.details.elsewhere);
  return parsed.success ? parsed.data : null;
}

export function ElsewhereNote({ display, sighting }: { display: string; sighting: AcopioSighting }) {
  const { t } = useTranslation();
  return (
    <span data-testid="conflict-elsewhere">
      {t('console.actas.elsewhere', {
        key: display,
        station: sighting.stationName,
        time: formatStamp({ utc: sighting.receivedAt, offsetMinutes: sighting.offsetMinutes }),
      })}
    </span>
  );
}

/**
 * The other way round: this station received the key first, another station of the CATD after it
 * (its late report, or a second copy). Nothing to decide here; the supervisor should know.
 */
export function CatdLaterNotices({ notices }: { notices: readonly CatdLaterNotice[] }) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <section aria-labelledby="catd-later-h" data-testid="catd-later">
      <h4 id="catd-later-h">{t('console.actas.later.heading')}</h4>
      <ul>
        {notices.map((n) => (
          <li key={`${n.keyId}|${n.stationName}`} className="notice">
            {t('console.actas.later.item', {
              key: n.display,
              station: n.stationName,
              time: formatStampTime({
                receivedAt: n.receivedAt.utc,
                offsetMinutes: n.receivedAt.offsetMinutes,
              }),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
