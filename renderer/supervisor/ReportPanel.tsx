// The night report in the console: the core draws it (/informe: hours, operators, rejections by
// reason, transmission times, with SVG bars); the panel shows that page, prints it alone (the
// guides' print rules, .guide-print) and downloads the same figures as CSV (/informe.csv). The
// page's nodes are parsed inert (DOMParser) and adopted, as the guides are.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ReportPanel() {
  const { t } = useTranslation();
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    fetch('/informe', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((html) => {
        if (!live || !box.current) return;
        const doc = new DOMParser().parseFromString(html, 'text/html');
        box.current.replaceChildren(...[...doc.body.childNodes].map((n) => document.adoptNode(n)));
        setState('ready');
      })
      .catch(() => live && setState('failed'));
    return () => {
      live = false;
    };
  }, []);
  return (
    // The page below carries the report's title: the panel does not repeat it.
    <section aria-label={t('report.title')}>
      <div className="actions">
        <button type="button" disabled={state !== 'ready'} onClick={() => window.print()}>
          {t('report.print')}
        </button>
        <a className="button" href="/informe.csv" download="informe-nocturno.csv">
          {t('report.csv')}
        </a>
      </div>
      {state === 'loading' && <p>{t('report.loading')}</p>}
      {state === 'failed' && (
        <p className="error" role="alert">
          {t('report.failed')}
        </p>
      )}
      <div ref={box} className="guide-print report-view" data-testid="night-report" />
    </section>
  );
}
