// The Spanish guides, printable from the console: the core renders each (docs/guias/*.md) as a
// page; the panel shows it and "Imprimir" prints only the guide. The page's nodes are parsed
// inert (DOMParser) and adopted: the guide is the core's own escaped Markdown, and no script in it
// could run under the CSP anyway. What prints is a copy of the guide straight under <body>, with
// everything else out of the layout (console.css): a hidden screen still widens the page, and
// Chromium then shrinks the printout to fit it (the guide came out at about 65 %).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const GUIDES = ['operador', 'tecnico', 'auditor'] as const;
type Guide = (typeof GUIDES)[number];

export function GuidesPanel() {
  const { t } = useTranslation();
  const [guide, setGuide] = useState<Guide>('operador');
  // Which guide the box holds (or failed to load): a stale one never counts as ready.
  const [shown, setShown] = useState<{ guide: Guide; ok: boolean } | null>(null);
  const ready = shown?.guide === guide && shown.ok;
  const failed = shown?.guide === guide && !shown.ok;
  const box = useRef<HTMLDivElement>(null);
  const copy = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = document.createElement('div');
    el.className = 'guide-print-copy';
    el.setAttribute('aria-hidden', 'true');
    document.body.append(el);
    copy.current = el;
    return () => el.remove();
  }, []);
  useEffect(() => {
    let live = true;
    fetch(`/guias/${guide}`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((html) => {
        if (!live || !box.current) return;
        const doc = new DOMParser().parseFromString(html, 'text/html');
        box.current.replaceChildren(...[...doc.body.childNodes].map((n) => document.adoptNode(n)));
        copy.current?.replaceChildren(...[...box.current.childNodes].map((n) => n.cloneNode(true)));
        setShown({ guide, ok: true });
      })
      .catch(() => live && setShown({ guide, ok: false }));
    return () => {
      live = false;
    };
  }, [guide]);
  return (
    <section aria-labelledby="guides-h">
      <h3 id="guides-h">{t('console.guides.heading')}</h3>
      <div className="actions">
        {GUIDES.map((g) => (
          <button key={g} type="button" aria-pressed={guide === g} onClick={() => setGuide(g)}>
            {t(`console.guides.${g}`)}
          </button>
        ))}
        <button type="button" disabled={!ready} onClick={() => window.print()}>
          {t('console.guides.print')}
        </button>
      </div>
      {failed && (
        <p className="error" role="alert">
          {t('console.guides.missing')}
        </p>
      )}
      <div ref={box} className="guide-print" data-testid="guide" />
    </section>
  );
}
