// Tablero: the funnel of casillas against the catalogue as progress bars (never more received
// than expected), the casillas still missing by name, and a chart over time (plain SVG); the
// devices, power and links are in the header's status strip, as on every screen.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatNumber, formatTime } from '../intl';
import type { TimeSeriesPoint } from '../../shared/workflow';
import type { CatdCounts } from '../../shared/catd-view';

const DASHBOARD_REFRESH_MS = 3_000;
const STAGES = ['received', 'digitised', 'verified', 'sent', 'acknowledged'] as const;
const COLORS: Record<(typeof STAGES)[number], string> = {
  received: '#4a4f57',
  digitised: '#1f3b73',
  verified: '#6a3d9a',
  sent: '#9a5b00',
  acknowledged: '#1b6e34',
};

export function DashboardScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const q = useQuery({
    ...trpc.actas.dashboard.queryOptions({ bucketMinutes: 5 }),
    refetchInterval: DASHBOARD_REFRESH_MS,
  });
  const c = q.data?.counts;
  const base = c ? Math.max(c.expected, c.received, 1) : 1;
  return (
    <section className="screen" aria-labelledby="dash-title">
      <h2 id="dash-title">{t('dashboard.title')}</h2>
      {q.isError && <p className="error big">{errorText(t, q.error.message)}</p>}
      {q.data && q.data.transmissionAlarms > 0 && (
        <p className="error big" role="alert" data-testid="transmission-alarms">
          {t('dashboard.transmissionAlarms', { count: q.data.transmissionAlarms })}
        </p>
      )}
      {c && (
        <>
          <p>
            {t('dashboard.catd.stationTitle')}:{' '}
            {c.expected > 0
              ? t('dashboard.expected', { n: formatNumber(c.expected) })
              : t('dashboard.noCatalogue')}
            {c.outOfCatalogue > 0 &&
              ` · ${t('dashboard.outOfCatalogue', { count: c.outOfCatalogue, n: formatNumber(c.outOfCatalogue) })}`}
            {c.byState.en_conflicto > 0 &&
              ` · ${t('dashboard.conflicts', { count: c.byState.en_conflicto, n: formatNumber(c.byState.en_conflicto) })}`}
          </p>
          <div className="dash-grid">
            <div className="bars">
              {STAGES.map((s) => (
                <div key={s} className="bar-row" data-testid={`bar-${s}`}>
                  <span className="bar-label">{t(`dashboard.stage.${s}`)}</span>
                  <span className="bar-track">
                    <span
                      className="bar-fill"
                      style={{ width: `${(100 * c[s]) / base}%`, background: COLORS[s] }}
                    />
                  </span>
                  <span className="bar-value">
                    {formatNumber(c[s])}
                    {c.expected > 0 ? ` / ${formatNumber(c.expected)}` : ''}
                  </span>
                </div>
              ))}
            </div>
            {q.data && <CatdPanel counts={q.data.catd} />}
          </div>
          <Chart series={q.data?.series ?? []} conflicts={c.byState.en_conflicto} />
        </>
      )}
    </section>
  );
}

/**
 * The whole CATD against its catalogue: every station's acopio as the central counted it, or only
 * this station's when the central does not answer (and it says so). Never more than expected:
 * a casilla received at two stations counts once, a key outside the catalogue not at all.
 */
function CatdPanel({ counts }: { counts: CatdCounts }) {
  const { t } = useTranslation();
  const of = (n: number) =>
    `${formatNumber(n)}${counts.expected > 0 ? ` / ${formatNumber(counts.expected)}` : ''}`;
  return (
    <div className="catd-col">
      <section
        className="missing catd-panel"
        data-testid="catd-panel"
        data-source={counts.source}
        aria-labelledby="catd-title"
      >
        <h3 id="catd-title">{t('dashboard.catd.title', { catd: counts.catd ?? '' })}</h3>
        <p data-testid="catd-source">
          {counts.source === 'central' && counts.asOf
            ? t('dashboard.catd.fromCentral', { time: formatTime(counts.asOf, { seconds: false }) })
            : t(counts.notInCatd ? 'dashboard.catd.notInCatd' : 'dashboard.catd.stationOnly')}
        </p>
        <p data-testid="catd-received">
          {t('dashboard.catd.received')}: <strong>{of(counts.received)}</strong>
        </p>
        <p data-testid="catd-acknowledged">
          {t('dashboard.catd.acknowledged')}: <strong>{of(counts.acknowledged)}</strong>
        </p>
        {(counts.unsentReports ?? 0) > 0 && (
          <p className="warn-text" role="status" data-testid="catd-unsent-reports">
            {t('dashboard.catd.unsentReports', { count: counts.unsentReports })}
          </p>
        )}
        {counts.stations.length > 0 && (
          <p data-testid="catd-stations">
            {t('dashboard.catd.byStation')}:{' '}
            {counts.stations.map((s) => `${s.stationName}: ${formatNumber(s.received)}`).join(' · ')}
          </p>
        )}
      </section>
      {counts.expected > 0 && <Missing counts={counts} />}
    </div>
  );
}

/** The CATD's casillas no acta has reached: where the supervisor sends someone to ask. */
function Missing({ counts }: { counts: Pick<CatdCounts, 'missingTotal' | 'missing'> }) {
  const { t } = useTranslation();
  return (
    <aside className="missing" data-testid="dashboard-missing" aria-labelledby="missing-title">
      <h3 id="missing-title">
        {counts.missingTotal === 0
          ? t('dashboard.missing.none')
          : t('dashboard.missing.title', {
              count: counts.missingTotal,
              n: formatNumber(counts.missingTotal),
            })}
      </h3>
      <ul>
        {counts.missing.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      {counts.missingTotal > counts.missing.length && (
        <p>{t('dashboard.missing.more', { count: counts.missingTotal - counts.missing.length })}</p>
      )}
    </aside>
  );
}

const W = 900;
const H = 220;
const PAD = 32;

/**
 * Cumulative counts per stage over time, one line each. Actas en conflicto are not in it (they
 * count nowhere until resolved): with only those, it says so rather than that there are none.
 */
function Chart({ series, conflicts }: { series: TimeSeriesPoint[]; conflicts: number }) {
  const { t } = useTranslation();
  if (series.length === 0)
    return (
      <p data-testid="dashboard-no-data">
        {conflicts > 0
          ? t('dashboard.noDataConflicts', { count: conflicts, n: formatNumber(conflicts) })
          : t('dashboard.noData')}
      </p>
    );
  const cumulative = STAGES.map((s) => {
    let sum = 0;
    return series.map((p) => (sum += p[s]));
  });
  const max = Math.max(1, ...cumulative.flat());
  const x = (i: number) => PAD + (series.length === 1 ? 0 : (i * (W - 2 * PAD)) / (series.length - 1));
  const y = (v: number) => H - PAD - (v * (H - 2 * PAD)) / max;
  const time = (iso: string) => formatTime(iso, { seconds: false });
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('dashboard.chart')}>
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="#888" />
        <line x1={PAD} y1={PAD} x2={PAD} y2={H - PAD} stroke="#888" />
        <text x={4} y={PAD}>
          {max}
        </text>
        <text x={PAD} y={H - 8}>
          {time(series[0]!.bucketStart)}
        </text>
        <text x={W - PAD} y={H - 8} textAnchor="end">
          {time(series[series.length - 1]!.bucketStart)}
        </text>
        {STAGES.map((s, k) => (
          <polyline
            key={s}
            fill="none"
            stroke={COLORS[s]}
            strokeWidth={3}
            points={cumulative[k]!.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
        ))}
        {/* Each line's latest count as a dot: in the night's first interval a line is one point, and
            a one-point polyline draws nothing. */}
        {STAGES.map((s, k) => (
          <circle
            key={s}
            data-testid={`chart-now-${s}`}
            cx={x(series.length - 1)}
            cy={y(cumulative[k]!.at(-1)!)}
            r={6}
            fill={COLORS[s]}
          />
        ))}
      </svg>
      <figcaption className="legend">
        {STAGES.map((s) => (
          <span key={s}>
            <span className="swatch" style={{ background: COLORS[s] }} /> {t(`dashboard.stage.${s}`)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
