// The header's status strip: the same tiles as the big status bar (scanner, UPS, plant, disk, each
// link), one short line each, on every screen — the operator at Acopio or Cola must see the
// primary link go down without going back to Inicio. Colour is still paired with a word.
import { useTranslation } from 'react-i18next';
import { statusTiles, SYMBOL } from './StatusBar';
import type { StatusSnapshot } from '../../shared/domain';

export function StatusStrip({ snapshot }: { snapshot: StatusSnapshot | null }) {
  const { t } = useTranslation();
  if (!snapshot)
    return (
      <p className="status-strip pending" data-testid="status-strip">
        {t('status.link.checking')}
      </p>
    );
  return (
    <ul className="status-strip" aria-label={t('home.devices')} data-testid="status-strip">
      {statusTiles(t, snapshot).map((tile) => (
        <li
          key={tile.id}
          className={`strip-tile health-${tile.health}`}
          data-testid={`strip-${tile.id}`}
          data-health={tile.health}
          title={tile.detail}
        >
          <span className="strip-label">
            {tile.id === 'clock' ? tile.label : t(`status.short.${tile.id.replace('link-', '')}`)}
          </span>
          <span className="strip-word">
            <span aria-hidden="true">{SYMBOL[tile.health]} </span>
            {tile.word}
          </span>
        </li>
      ))}
    </ul>
  );
}
