// What the scan screen says while the paper moves: which page of how many is where ("Página 2 de
// 3: guardada, revisando…"), and the scanner's state with what to do about it, so a jam or an open
// cover is explained where the operator is looking, not only in the header's strip.
import { useTranslation } from 'react-i18next';
import { SYMBOL } from '../components/StatusBar';
import type { DeviceStatus } from '../../shared/domain';

export type Step = {
  position: number;
  step: 'pageReceived' | 'pageStored' | 'pageChecked';
  /** Sheets in the batch, when the scanner can tell (null: SANE and eSCL feeders cannot). */
  expected: number | null;
};

/** "Página 2 de 3: guardada, revisando…" — or, before the first page, "Esperando la página 1…". */
export function ScanProgressLine({ last, cancelling }: { last: Step | undefined; cancelling: boolean }) {
  const { t } = useTranslation();
  const page = (n: number, total: number | null) => ({
    n,
    of: total ? t('scan.progress.ofTotal', { total }) : '',
  });
  let text: string;
  if (cancelling) text = t('scan.progress.cancelling');
  else if (!last) text = t('scan.progress.waiting', page(1, null));
  else if (last.step !== 'pageChecked')
    text = t(`scan.progress.${last.step}`, page(last.position, last.expected));
  else if (last.expected !== null && last.position >= last.expected) text = t('scan.progress.finishing');
  else text = t('scan.progress.waiting', page(last.position + 1, last.expected));
  return (
    <p className="progress-line" role="status" data-testid="scan-progress">
      <span className="spinner" aria-hidden="true" /> {text}
    </p>
  );
}

/** The scanner's state in a word, and the catalogue's "what to do" for that state. */
export function ScannerAdvice({ scanner }: { scanner: DeviceStatus | null }) {
  const { t } = useTranslation();
  if (!scanner) return null;
  return (
    <p className={`scanner-advice advice-${scanner.health}`} data-testid="scanner-advice">
      <strong>
        <span aria-hidden="true">{SYMBOL[scanner.health]} </span>
        {t('status.label.scanner')}: {t(`status.device.${scanner.state}`)}
      </strong>{' '}
      — {t(`scanner.action.${scanner.state}`)}
    </p>
  );
}
