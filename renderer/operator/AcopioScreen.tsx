// Acopio: the code reader types the QR label into the focused field and presses Enter; without a
// reader the key is typed twice. The received time is shown as stamped; a duplicate key (en
// conflicto) and a key outside the catalogue are explained; F8 goes straight to scanning.
// A refused key keeps what was typed and puts the cursor where the fix is, its text selected (a
// reader's next label replaces it; a typist corrects it). The reader/typed choice is the
// station's (a reader plugged in or not), so it is remembered on this screen across acopios.
import { forwardRef, useCallback, useEffect, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatStamp, formatStampTime, scannable, StateBadge } from './format';
import { LabelPrintStatus } from './LabelPrintStatus';
import type { ActaSummary } from '../../shared/workflow';

const INPUT_MODE_KEY = 'catd.acopio.inputMode';

/** The station's input mode as last chosen here; the reader until someone chooses. */
function storedManual(): boolean {
  try {
    return window.localStorage.getItem(INPUT_MODE_KEY) === 'typed';
  } catch {
    return false; // storage refused: the reader, as before
  }
}

/** Refusals the second capture fixes; every other refusal is fixed in the first field. */
const CONFIRM_ERRORS = ['workflow.error.keyMismatch', 'workflow.error.keyConfirmMissing'];

function focusAndSelect(input: HTMLInputElement | null): void {
  input?.focus();
  input?.select();
}

export function AcopioScreen({ onScan }: { onScan: (acta: ActaSummary) => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [manual, setManualState] = useState(storedManual);
  const [keyText, setKeyText] = useState('');
  const [keyConfirm, setKeyConfirm] = useState('');
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);
  const [readerError, setReaderError] = useState<string | null>(null);
  const setManual = useCallback((next: (m: boolean) => boolean) => {
    setManualState((m) => {
      const value = next(m);
      try {
        window.localStorage.setItem(INPUT_MODE_KEY, value ? 'typed' : 'reader');
      } catch {
        // not remembered; the choice still holds on this screen
      }
      return value;
    });
  }, []);
  const receive = useMutation(
    trpc.actas.receive.mutationOptions({
      onSuccess: () => {
        setKeyText('');
        setKeyConfirm('');
      },
    }),
  );
  // A refusal: the cursor goes where the fix is (after the re-render that shows the message).
  const refusal = receive.error?.message;
  useEffect(() => {
    if (refusal)
      focusAndSelect(CONFIRM_ERRORS.includes(refusal) && second.current ? second.current : first.current);
  }, [refusal]);
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

  // Back in the first field with what it holds selected: a reader label or new typing replaces it.
  useEffect(() => focusAndSelect(first.current), [manual, result]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // An acta outside the catalogue is received (held from transmission): it can be scanned too.
      if (e.key === 'F8' && result && scannable(result.acta)) {
        e.preventDefault();
        onScan(result.acta);
      } else if (e.key === 'F6') {
        e.preventDefault();
        setManual((m) => !m);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [result, onScan, setManual]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!keyText.trim()) return;
    receive.mutate(manual ? { keyText, keyConfirm, source: 'typed' } : { keyText, source: 'reader' });
  };

  return (
    <section className="screen" aria-labelledby="acopio-title">
      <h2 id="acopio-title">{t('acopio.title')}</h2>
      <p className="lead">{t(manual ? 'acopio.typedHelp' : 'acopio.readerHelp')}</p>
      {/* Form and result side by side: the result never lands below the fold at 1366×768. */}
      <div className="acopio-grid">
        <form onSubmit={submit} className="key-form">
          <KeyField
            ref={first}
            label={t(manual ? 'acopio.typedLabel' : 'acopio.readerLabel')}
            value={keyText}
            onChange={setKeyText}
          />
          <p className="key-example" id="acopio-example">
            {t('acopio.example')}
          </p>
          {manual && (
            <KeyField
              ref={second}
              label={t('acopio.confirmLabel')}
              value={keyConfirm}
              onChange={setKeyConfirm}
            />
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
              {result.outcome === 'elsewhere' && result.elsewhere && (
                <p data-testid="acopio-elsewhere">
                  {t('acopio.elsewhereHelp', {
                    station: result.elsewhere.stationName,
                    time: formatStampTime(result.elsewhere),
                  })}
                </p>
              )}
              {result.catdOnline === false && (
                <p data-testid="acopio-catd-offline">{t('acopio.catdOffline')}</p>
              )}
              {result.outcome === 'outOfCatalogue' && <p>{t('acopio.outOfCatalogueHelp')}</p>}
              <LabelPrintStatus actaId={result.acta.id} />
              {scannable(result.acta) && (
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

/** A key field: monospace, no autocomplete or spelling, the format's example read with it. */
const KeyField = forwardRef<
  HTMLInputElement,
  { label: string; value: string; onChange: (v: string) => void }
>(function KeyField({ label, value, onChange }, ref) {
  return (
    <label>
      {label}
      <input
        ref={ref}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        className="key-input"
        aria-describedby="acopio-example"
      />
    </label>
  );
});
