// The Spanish guides (docs/guias/*.md) as print-friendly HTML pages: the console opens one and the
// browser prints it (Letter, the paper a CATD has). Only the Markdown the guides use is rendered
// (headings, paragraphs, lists, tables, code blocks, bold, inline code, links as their text);
// everything is escaped first, so a guide can never inject markup into the page.
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

/** The guides, by the name in their URL and file (docs/guias/NAME.md). */
export const GUIDES = ['operador', 'tecnico', 'auditor'] as const;
export type GuideName = (typeof GUIDES)[number];

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Bold, inline code and links (shown as their text: a printed page cannot follow them). */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\\\|/g, '|')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/_([^_\s][^_]*)_/g, '<em>$1</em>')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}

/** Splits a table row on the pipes that are not escaped as \|. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

export function markdownToHtml(md: string): string {
  const out: string[] = [];
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) code.push(lines[i]!);
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      i++;
    } else if (/^#{1,3} /.test(line)) {
      const level = line.indexOf(' ');
      out.push(`<h${level}>${inline(line.slice(level + 1))}</h${level}>`);
      i++;
    } else if (line.startsWith('|')) {
      const rows: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!);
      const [head, , ...body] = rows;
      out.push(
        '<table><thead><tr>' +
          cells(head!)
            .map((c) => `<th>${inline(c)}</th>`)
            .join('') +
          '</tr></thead><tbody>' +
          body
            .map(
              (r) =>
                `<tr>${cells(r)
                  .map((c) => `<td>${inline(c)}</td>`)
                  .join('')}</tr>`,
            )
            .join('') +
          '</tbody></table>',
      );
    } else if (/^(- |\d+\. )/.test(line)) {
      const ordered = /^\d+\. /.test(line);
      const items: string[] = [];
      // A line that starts no other block continues the item (indented or not, as in Markdown).
      const otherList = ordered ? /^- / : /^\d+\. /;
      for (; i < lines.length && lines[i]!.trim() !== '' && !/^(#|\||```)/.test(lines[i]!); i++) {
        if (otherList.test(lines[i]!)) break;
        if (/^(- |\d+\. )/.test(lines[i]!)) items.push(lines[i]!.replace(/^(- |\d+\. )/, ''));
        else items[items.length - 1] += ` ${lines[i]!.trim()}`;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((it) => `<li>${inline(it)}</li>`).join('')}</${tag}>`);
    } else if (line.trim() === '') {
      i++;
    } else {
      const para: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== '' && !/^(#|\||- |\d+\. |```)/.test(lines[i]!); i++)
        para.push(lines[i]!.trim());
      out.push(`<p>${inline(para.join(' '))}</p>`);
    }
  }
  return out.join('\n');
}

const PRINT_CSS = `
@page { size: Letter; margin: 12mm 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; line-height: 1.3; color: #000; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 10pt 0 4pt; border-bottom: 1px solid #000; break-after: avoid; }
p, li { margin: 0 0 3pt; }
ul, ol { margin: 0 0 4pt; padding-left: 16pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 4pt; page-break-inside: avoid; }
th, td { border: 1px solid #555; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #e6e6e6; }
code { font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; }
pre { background: #f2f2f2; padding: 4pt; white-space: pre-wrap; font-size: 8.5pt; page-break-inside: avoid; }
@media screen { body { max-width: 190mm; margin: 1em auto; } }
`;

/** Where the style is served (the CSP allows no inline style). */
const STYLE_NAME = 'guia.css';

/** A whole page for one guide, its Markdown rendered. */
export function guidePage(md: string): string {
  const title = /^# (.+)$/m.exec(md)?.[1] ?? 'Guía';
  return `<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/guias/${STYLE_NAME}"></head><body>${markdownToHtml(md)}</body></html>`;
}

/**
 * GET /guias/NAME: the guide copied by the build beside the renderer (dist/renderer/guias/NAME.md)
 * as a page to read or print; /guias/guia.css its print style. 404 for anything else.
 */
export function serveGuide(rendererDir: string, name: string, res: ServerResponse): void {
  if (name === STYLE_NAME) {
    res
      .writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(PRINT_CSS);
    return;
  }
  const file = path.join(rendererDir, 'guias', `${name}.md`);
  if (!(GUIDES as readonly string[]).includes(name) || !fs.existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Guía no encontrada');
    return;
  }
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(guidePage(fs.readFileSync(file, 'utf8')));
}
