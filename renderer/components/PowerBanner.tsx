// The power banner: what the operator must know about power, large, in words; only when power is
// not plainly normal. Work goes on on battery; on critical, new scans are refused by the core.
import { useTranslation } from 'react-i18next';
import type { PowerSituation } from '../../shared/domain';

export function PowerBanner({ power }: { power: PowerSituation }) {
  const { t } = useTranslation();
  const runtime =
    power.runtimeSeconds === null
      ? t('power.banner.runtimeUnknown')
      : t('power.banner.runtime', { minutes: Math.floor(power.runtimeSeconds / 60) });
  const lines: string[] = [];
  if (power.poweringOff) lines.push(t('power.banner.poweringOff'));
  if (power.level !== 'mains') lines.push(t(`power.banner.${power.level}`, { runtime }));
  if (power.lowFuel) lines.push(t('power.banner.lowFuel'));
  if (!lines.length) return null;
  return (
    <div
      className={`power-banner power-${power.level}`}
      role="alert"
      data-testid="power-banner"
      data-level={power.level}
    >
      {lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
    </div>
  );
}
