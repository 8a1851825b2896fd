// The guides' Markdown as the printed page shows it, and nothing a guide could inject.
import { expect, it } from 'vitest';
import { markdownToHtml } from '../../../electron/server/guides';

it('renders the Markdown the guides use', () => {
  const html = markdownToHtml(
    [
      '# Título',
      '',
      '| Tecla | Qué hace |',
      '|---|---|',
      '| `F6` | las barras `\\|` de la clave |',
      '',
      '- **Batería.** termine la hoja',
      'y avise.',
      '1. uno',
      '',
      '```sh',
      'catd doctor',
      '```',
      'Ver [la guía](x.md).',
    ].join('\n'),
  );
  expect(html).toContain('<h1>Título</h1>');
  expect(html).toContain('<td><code>F6</code></td><td>las barras <code>|</code> de la clave</td>');
  expect(html).toContain('<li><strong>Batería.</strong> termine la hoja y avise.</li>');
  expect(html).toContain('<ol><li>uno</li></ol>');
  expect(html).toContain('<pre><code>catd doctor</code></pre>');
  expect(html).toContain('<p>Ver la guía.</p>');
});

it('escapes markup in a guide', () => {
  const html = markdownToHtml('texto <script>alert(1)</script> & "más"\n\n| <img src=x> |\n|---|\n| a |');
  expect(html).not.toMatch(/<script|<img/);
  expect(html).toContain('&lt;script&gt;');
});
