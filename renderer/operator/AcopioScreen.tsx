// Acopio: the code reader types the QR label into the focused field and presses Enter; without a
// reader the key is typed twice. The received time is shown as stamped; a duplicate key (en
// conflicto) and a key outside the catalogue are explained; F8 goes straight to scanning.
import { useEffect, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatStamp, StateBadge } from './format';
import type { ActaSummary } from '../../shared/workflow';

export function AcopioScreen({ onScan }: { onScan: (acta: ActaSummary) => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [manual, setManual] = useState(false);
  const [keyText, setKeyText] = useState('');
  const [keyConfirm, setKeyConfirm] = useState('');
  const first = useRef<HTMLInputElement>(null);
  const [readerError, setReaderError] = useState<string | null>(null);
  const receive = useMutation(trpc.actas.receive.mutationOptions());
  const result = receive.data;
  // A serial or HID reader read by the core: its labels arrive here, as if typed by a wedge reader.
  useSubscription(
    trpc.status.readerScans.subscriptionOptions(undefined, {
      onData: (s) => {
        if (s.error) setReaderError(s.error);
        else {
          setReaderError(null);
          receive.mutate({ keyText: s.text, source: 'reader' });
        }
      },
    }),
  );

  useEffect(() => first.current?.focus(), [manual, result]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F8' && result && result.outcome === 'received') {
        e.preventDefault();
        onScan(result.acta);
      } else if (e.key === 'F6') {
        e.preventDefault();
        setManual((m) => !m);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [result, onScan]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!keyText.trim()) return;
    receive.mutate(manual ? { keyText, keyConfirm, source: 'typed' } : { keyText, source: 'reader' }, {
      onSettled: () => {
        setKeyText('');
        setKeyConfirm('');
      },
    });
  };

  return (
    <section className="screen" aria-labelledby="acopio-title">
      <h2 id="acopio-title">{t('acopio.title')}</h2>
      <p className="lead">{t(manual ? 'acopio.typedHelp' : 'acopio.readerHelp')}</p>
      {/* Form and result side by side: the result never lands below the fold at 1366×768. */}
      <div className="acopio-grid">
        <form onSubmit={submit} className="key-form">
          <label>
            {t(manual ? 'acopio.typedLabel' : 'acopio.readerLabel')}
            <input
              ref={first}
              value={keyText}
              onChange={(e) => setKeyText(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="key-input"
            />
          </label>
          {manual && (
            <label>
              {t('acopio.confirmLabel')}
              <input
                value={keyConfirm}
                onChange={(e) => setKeyConfirm(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                className="key-input"
              />
            </label>
          )}
          <div className="actions">
            <button type="submit" disabled={receive.isPending}>
              {t('acopio.submit')} <kbd>Enter</kbd>
            </button>
            <button type="button" className="secondary" onClick={() => setManual((m) => !m)}>
              {t(manual ? 'acopio.useReader' : 'acopio.typeByHand')} <kbd>F6</kbd>
            </button>
          </div>
        </form>
        <div className="acopio-outcome">
          {readerError && (
            <p className="error big" role="alert" data-testid="reader-error">
              {errorText(t, readerError)}
            </p>
          )}
          {receive.isError && (
            <p className="error big" role="alert">
              {errorText(t, receive.error.message)}
            </p>
          )}
          {result && (
            <div className={`outcome outcome-${result.outcome}`} role="status" data-testid="acopio-result">
              <p className="outcome-title">
                {t(`acopio.outcome.${result.outcome}`)} <StateBadge state={result.acta.state} />
              </p>
              <p>
                <strong>{result.acta.display}</strong> · <code>{result.acta.keyLabel}</code>
              </p>
              <p data-testid="received-at">
                {t('acopio.receivedAt')}: <strong>{formatStamp(result.acta.receivedAt)}</strong>
              </p>
              {result.outcome === 'conflict' && (
                <p>{t('acopio.conflictHelp', { display: result.existing?.display ?? '' })}</p>
              )}
              {result.outcome === 'outOfCatalogue' && <p>{t('acopio.outOfCatalogueHelp')}</p>}
              {result.outcome === 'received' && (
                <button onClick={() => onScan(result.acta)}>
                  {t('acopio.scanNow')} <kbd>F8</kbd>
                </button>
              )}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
