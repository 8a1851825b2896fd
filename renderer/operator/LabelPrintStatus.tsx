// The acopio label of the acta just received: printing, printed, or not printed with what to do
// and a button to print it again. The acta is received in every case; this only follows the paper.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';

/** While the label is printing, how often the screen asks (a label prints in about a second). */
const LABEL_POLL_MS = 1_000;

export function LabelPrintStatus({ actaId }: { actaId: number }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const label = useQuery({
    ...trpc.actas.label.queryOptions({ actaId }),
    refetchInterval: (q) => (q.state.data?.latest?.state === 'failed' ? false : LABEL_POLL_MS),
  });
  const retry = useMutation(trpc.actas.retryLabel.mutationOptions({ onSuccess: () => void label.refetch() }));
  const latest = label.data?.latest;
  if (!latest) return null;
  return (
    <div
      className={`label-print label-print-${latest.state}`}
      data-testid="label-print"
      data-state={latest.state}
    >
      <p>
        <strong>{t(`printer.job.${latest.state}`)}</strong>
        {latest.state === 'failed' && latest.messageKey ? ` — ${t(latest.messageKey)}` : ''}
      </p>
      {latest.state === 'failed' && (
        <button onClick={() => retry.mutate({ actaId })} disabled={retry.isPending}>
          {t('printer.action.retry')}
        </button>
      )}
      {retry.error && <p role="alert">{errorText(t, retry.error.message)}</p>}
    </div>
  );
}
