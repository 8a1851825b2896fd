// The status bar: large tiles (scanner, UPS, plant, disk, label printer, primary and backup link), each with a
// colour AND a word, readable from a metre away. Colour alone is never the signal.
import { useTranslation } from 'react-i18next';
import type { ClockStatus, DeviceStatus, Health, LinkStatus, StatusSnapshot } from '../../shared/domain';

export const SYMBOL: Record<Health, string> = {
  ok: '✓',
  warning: '!',
  fault: '✕',
  offline: '✕',
  unknown: '?',
};

export interface Tile {
  id: string;
  label: string;
  word: string;
  health: Health;
  detail: string;
}

/** Free space as people read it at a glance: "71.2 GB", "850 MB". */
function megabytes(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/**
 * A device's name as an operator reads it: a folder path in it (a hot folder's, often a temporary
 * one) is the technician's business and is left out ("Carpeta /tmp/catd-x" → "Carpeta").
 */
export function deviceName(d: { name: string }): string {
  return d.name.replace(/(^|\s)(?:\/|[A-Za-z]:\\)\S*/g, '').trim() || d.name;
}

function deviceDetail(t: (k: string, o?: Record<string, unknown>) => string, d: DeviceStatus): string {
  const order = [
    'chargePercent',
    'runtimeSeconds',
    'sheetsInFeeder',
    'fuelPercent',
    'freeMegabytes',
  ] as const;
  for (const k of order) {
    const v = d.values[k];
    if (v === undefined) continue;
    if (k === 'freeMegabytes')
      return t('status.value.freeSpace', { v: megabytes(v), p: Math.round(d.values.freePercent ?? 0) });
    return t(`status.value.${k}`, { v: k === 'runtimeSeconds' ? Math.round(v / 60) : v });
  }
  return deviceName(d);
}

function linkTile(
  t: (k: string, o?: Record<string, unknown>) => string,
  l: LinkStatus | undefined,
  role: 'primary' | 'backup',
): Tile {
  if (!l) {
    return {
      id: `link-${role}`,
      label: t(`status.label.${role}`),
      word: t('status.link.not_configured'),
      health: 'unknown',
      detail: '',
    };
  }
  return {
    id: `link-${role}`,
    label: t(`status.label.${role}`),
    word: t(`status.link.${l.state}`),
    health: l.health,
    detail:
      l.latencyMs !== null && l.health === 'ok' ? t('status.value.latencyMs', { v: l.latencyMs }) : l.name,
  };
}

/** A sixth tile only while the station's clock needs the supervisor (large offset, recent jump). */
function clockTile(
  t: (k: string, o?: Record<string, unknown>) => string,
  c: ClockStatus | undefined,
): Tile[] {
  if (!c || c.health !== 'warning' || !c.message) return [];
  const minutes = Math.round(Math.abs(c.offsetMs ?? 0) / 60_000);
  const seconds = Math.round((c.lastJump?.deltaMs ?? 0) / 1000);
  const word =
    c.message === 'clock.warning.offset'
      ? t((c.offsetMs ?? 0) > 0 ? 'clock.word.behind' : 'clock.word.ahead', { minutes })
      : t('clock.word.jumped');
  return [
    {
      id: 'clock',
      label: t('clock.label'),
      word,
      health: c.health,
      detail: t(c.message, { minutes, seconds }),
    },
  ];
}

/** The tiles both the big status bar and the header's strip show, in the same order. */
export function statusTiles(
  t: (k: string, o?: Record<string, unknown>) => string,
  snapshot: StatusSnapshot,
): Tile[] {
  const { scanner, ups, plant, storage, printer } = snapshot.devices;
  // The label printer shows only when the core has one (a station without says "Sin impresora").
  return [
    ...[scanner, ups, plant, storage, ...(printer ? [printer] : [])].map((d) => ({
      id: d.kind,
      label: t(`status.label.${d.kind}`),
      word: t(`status.device.${d.state}`),
      health: d.health,
      detail: deviceDetail(t, d),
    })),
    linkTile(
      t,
      snapshot.links.find((l) => l.role === 'primary'),
      'primary',
    ),
    linkTile(
      t,
      snapshot.links.find((l) => l.role === 'backup'),
      'backup',
    ),
    ...clockTile(t, snapshot.clock),
  ];
}

export function StatusBar({ snapshot }: { snapshot: StatusSnapshot }) {
  const { t } = useTranslation();
  const tiles = statusTiles(t, snapshot);
  return (
    <ul className="status-bar" aria-label={t('home.devices')}>
      {tiles.map((tile) => (
        <li
          key={tile.id}
          className={`tile health-${tile.health}`}
          data-testid={`status-${tile.id}`}
          data-health={tile.health}
        >
          <span className="tile-label">{tile.label}</span>
          <span className="tile-word">
            <span aria-hidden="true">{SYMBOL[tile.health]} </span>
            {tile.word}
          </span>
          <span className="tile-detail">{tile.detail}</span>
        </li>
      ))}
    </ul>
  );
}
