// Verificación: the image (zoom with + and −, pan by dragging or the arrow keys) beside the
// identification; F9 accepts, F7 rejects with a reason, then F8 goes to scan it again. When no
// page's QR confirmed the acta, its key is typed twice. The integrity code (a SHA-256) is for the
// supervisor's and auditor's screens: to an operator it is noise.
import { useLayoutEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import { formatStamp, fromTextField, scannable, StateBadge } from './format';
import { PickActa } from './ScanScreen';
import { useFreshActa } from './fresh-acta';

const ZOOM_STEPS = [1, 1.5, 2, 3, 4];
const PAN_STEP_PX = 80;

interface VerifyProps {
  onDone: () => void;
  /** To the scan screen with this acta (after a reject, F8 scans it again). */
  onScan: () => void;
}

export function VerifyScreen({ actaId, ...props }: VerifyProps & { actaId: number | null }) {
  if (actaId === null) return <PickActa purpose="verify" />;
  return <VerifyActa key={actaId} actaId={actaId} {...props} />;
}

function VerifyActa({ actaId, onDone, onScan }: VerifyProps & { actaId: number }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { detail, acta, pages: allPages } = useFreshActa(actaId);
  const [zoom, setZoom] = useState(0);
  const [typed, setTyped] = useState({ text: '', confirm: '' });
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const viewport = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.actas.pathKey() });
  const verify = useMutation(trpc.actas.verify.mutationOptions({ onSettled: refresh }));
  const reject = useMutation(trpc.actas.reject.mutationOptions({ onSettled: refresh }));

  const pages = allPages.filter((p) => p.supersededByScan === null);
  const lastScan = Math.max(0, ...pages.map((p) => p.scanNo));
  const current = pages.filter((p) => p.scanNo === lastScan).sort((a, b) => a.position - b.position);
  const qrConfirmed = current.some((p) => p.identification === 'match');
  const canDecide = acta?.state === 'digitalizada' && !verify.isPending && !reject.isPending;

  const accept = () => {
    if (!acta || !canDecide) return;
    verify.mutate({
      actaId: acta.id,
      version: acta.version,
      ...(qrConfirmed ? {} : { typedKey: { text: typed.text, confirm: typed.confirm } }),
    });
  };

  // A layout effect, as in ScanScreen: the keys act on the acta painted, from the first frame.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F9') {
        e.preventDefault();
        accept();
      } else if (e.key === 'F8' && acta && scannable(acta)) {
        e.preventDefault();
        onScan();
      } else if (e.key === 'F7' && canDecide) {
        e.preventDefault();
        setRejecting(true);
      } else if (fromTextField(e)) {
        return;
      } else if (e.key === '+' || e.key === '=') {
        setZoom((z) => Math.min(ZOOM_STEPS.length - 1, z + 1));
      } else if (e.key === '-') {
        setZoom((z) => Math.max(0, z - 1));
      } else if (e.key.startsWith('Arrow') && viewport.current) {
        const v = viewport.current;
        const dx = e.key === 'ArrowLeft' ? -PAN_STEP_PX : e.key === 'ArrowRight' ? PAN_STEP_PX : 0;
        const dy = e.key === 'ArrowUp' ? -PAN_STEP_PX : e.key === 'ArrowDown' ? PAN_STEP_PX : 0;
        v.scrollBy(dx, dy);
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (detail.isError) return <p className="error big">{errorText(t, detail.error.message)}</p>;
  if (!acta) return <p className="center">{t('login.working')}</p>;
  const decided = verify.data ?? reject.data;
  return (
    <section className="screen verify" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verify.title')}</h2>
      <div className="verify-grid">
        <div
          className="image-viewport"
          ref={viewport}
          onPointerDown={(e) => (drag.current = { x: e.clientX, y: e.clientY })}
          onPointerUp={() => (drag.current = null)}
          onPointerLeave={() => (drag.current = null)}
          onPointerMove={(e) => {
            if (!drag.current || !viewport.current) return;
            viewport.current.scrollBy(drag.current.x - e.clientX, drag.current.y - e.clientY);
            drag.current = { x: e.clientX, y: e.clientY };
          }}
        >
          {current.map((p) => (
            <img
              key={p.id}
              src={`/media/preview/${p.sha256}`}
              alt={t('scan.previewAlt', { n: p.position })}
              draggable={false}
              style={{ width: `${ZOOM_STEPS[zoom]! * 100}%` }}
            />
          ))}
        </div>
        <aside className="identification">
          <p>
            <StateBadge state={acta.state} />
          </p>
          <p className="acta-display">{acta.display}</p>
          <p>
            <code>{acta.keyLabel}</code>
          </p>
          <p className={qrConfirmed ? 'ok-text' : 'warn-text'}>
            {t(qrConfirmed ? 'verify.qrConfirmed' : 'verify.qrNotConfirmed')}
          </p>
          {!qrConfirmed && acta.state === 'digitalizada' && (
            <div className="key-form">
              <label>
                {t('acopio.typedLabel')}
                <input
                  className="key-input"
                  value={typed.text}
                  onChange={(e) => setTyped({ ...typed, text: e.target.value })}
                />
              </label>
              <label>
                {t('acopio.confirmLabel')}
                <input
                  className="key-input"
                  value={typed.confirm}
                  onChange={(e) => setTyped({ ...typed, confirm: e.target.value })}
                />
              </label>
            </div>
          )}
          <div className="actions">
            <button onClick={accept} disabled={!canDecide}>
              {t('verify.accept')} <kbd>F9</kbd>
            </button>
            <button className="danger" onClick={() => setRejecting(true)} disabled={!canDecide}>
              {t('verify.reject')} <kbd>F7</kbd>
            </button>
          </div>
          {rejecting && canDecide && (
            <form
              className="key-form"
              onSubmit={(e) => {
                e.preventDefault();
                reject.mutate({ actaId: acta.id, version: acta.version, reason });
              }}
            >
              <label>
                {t('verify.reasonLabel')}
                <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit">
                {t('verify.confirmReject')} <kbd>Enter</kbd>
              </button>
            </form>
          )}
          {(verify.isError || reject.isError) && (
            <p className="error big" role="alert">
              {errorText(t, (verify.error ?? reject.error)!.message)}
            </p>
          )}
          {decided && (
            <div role="status" className="outcome" data-testid="verify-result">
              <p className="outcome-title">
                {t('verify.done')} <StateBadge state={decided.state} />
              </p>
              <button onClick={onDone}>
                {t('verify.next')} <kbd>Alt+1</kbd>
              </button>
              {scannable(decided) && (
                <button onClick={onScan}>
                  {t('scan.rescan')} <kbd>F8</kbd>
                </button>
              )}
            </div>
          )}
          {/* Details after the decision: the buttons and the result stay above the fold. */}
          <p>
            {t('acopio.receivedAt')}: {formatStamp(acta.receivedAt)}
          </p>
          <p>
            {t('verify.zoom', { z: ZOOM_STEPS[zoom] })} · <kbd>+</kbd> <kbd>−</kbd> · {t('verify.pan')}
          </p>
        </aside>
      </div>
    </section>
  );
}
