// The trainer's report as a PDF the core writes itself (Letter, Helvetica, WinAnsi): the same
// score, tables and bars as the printable page (training-report.ts), for a trainer who files or
// mails it. The core never imports Electron, so there is no printToPDF here.
import { PdfFlow, type Rgb } from '../platform/pdf-text';
import type { SessionScore } from '../../shared/training/score';
import * as report from './training-report-tables';

/** The training marking's colour on the page (.mark in the printable page's style). */
const MARK: Rgb = [0.69, 0, 0.35];

const heading = (flow: PdfFlow, title: string): void => {
  flow.gap(8);
  flow.need(80); // a heading (and a table's summary) never ends a page without what it heads
  flow.text(title, { size: 12, bold: true });
  flow.gap(2);
};

export function reportPdf(score: SessionScore, saved: report.SavedScore[] = []): Buffer {
  const flow = new PdfFlow(`${report.REPORT_TITLE} · ${score.scenario} · CAPACITACIÓN`);
  flow.text(report.REPORT_MARK, { size: 11, bold: true, rgb: MARK });
  flow.gap(4);
  flow.text(`${report.REPORT_TITLE}: ${score.scenario}`, { size: 16, bold: true });
  flow.text(report.kindText(score));
  if (score.timeUp) flow.text(report.TIME_UP_TEXT, { bold: true, rgb: MARK });
  flow.gap(6);
  // Operator's name wider; the eight figures share the rest, right-aligned like the page's.
  const figure = (flow.width - 76) / 8;
  flow.table(
    report.OPERATOR_HEADERS.map((title, i) =>
      i === 0 ? { title, width: 76 } : { title, width: figure, align: 'right' },
    ),
    report.operatorRows(score),
  );
  heading(flow, report.TIMES_TITLE);
  const times = report.timeBars(score);
  if (times.length) flow.bars(times, 's', MARK);
  else flow.text('Ninguna acta completada todavía.');
  heading(flow, report.MISTAKES_TITLE);
  const mistakes = report.mistakeBars(score);
  if (mistakes.length) flow.bars(mistakes, '', MARK);
  else flow.text('Sin errores.');
  heading(flow, report.EVENTS_TITLE);
  flow.text(report.eventsSummary(score));
  flow.gap(4);
  const events = report.eventRows(score);
  if (events.length === 0) flow.text('Ningún evento del escenario todavía.');
  else
    flow.table(
      report.EVENT_HEADERS.map((title, i) => ({
        title,
        width: [200, 90, flow.width - 290][i]!,
        align: i === 1 ? 'right' : 'left',
      })),
      events,
    );
  if (saved.length) {
    heading(flow, report.SAVED_TITLE);
    flow.table(
      report.SAVED_HEADERS.map((title, i) => ({
        title,
        width: [80, 110, 80][i] ?? (flow.width - 270) / 5,
        align: i < 3 ? 'left' : 'right',
      })),
      report.savedRows(saved),
    );
  }
  return flow.pdf();
}
