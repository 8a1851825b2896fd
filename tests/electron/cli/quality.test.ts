// `catd quality`: JSON and table output, per-file errors that do not stop the others, exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQualityCommand } from '../../../electron/cli/quality';
import { formatActaKeyLabel } from '../../../shared/acta-key';
import { scanWithDefect } from '../../../sim/acta/defects';
import { encodePage, renderActaPage } from '../../../sim/acta/page';
import { tempDir } from '../../helpers/temp';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await runQualityCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('catd quality', { timeout: 60_000 }, () => {
  it('prints one JSON array: a good page, a cut page, and a file that is not an image', async () => {
    const dir = tempDir();
    const { page, optical, key } = await renderActaPage({ seed: 77, colour: 'grey' });
    const good = path.join(dir, 'buena.png');
    const cut = path.join(dir, 'cortada.jpg');
    const junk = path.join(dir, 'notas.txt');
    fs.writeFileSync(good, await encodePage(page, 'png'));
    const cutPage = await scanWithDefect(optical, { kind: 'cutOff', edge: 'bottom', fraction: 0.1 });
    fs.writeFileSync(cut, await encodePage(cutPage.page, 'jpeg'));
    fs.writeFileSync(junk, 'no es una imagen');
    const { code, out } = await run(['--json', good, junk, cut]);
    expect(code).toBe(1);
    const rows = JSON.parse(out);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      file: good,
      suitable: true,
      reasons: [],
      actaKey: formatActaKeyLabel(key),
    });
    expect(rows[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof rows[0].ms).toBe('number');
    expect(rows[1]).toEqual({
      file: junk,
      error: { code: 'notImage', message: expect.stringContaining('no es una imagen') },
    });
    expect(rows[2]).toMatchObject({ file: cut, suitable: false, actaKey: formatActaKeyLabel(key) });
    expect(rows[2].reasons[0]).toMatchObject({
      code: 'cutOffBottom',
      severity: 'reject',
      message: 'Cortada en el borde inferior — centre la hoja y vuelva a escanear',
    });
    // Here the lost strip took whole lines with it: the margin left is below the minimum.
    expect(rows[2].reasons[0].value).toBeLessThan(rows[2].reasons[0].threshold);

    const table = await run([good]);
    expect(table.code).toBe(0);
    expect(table.out).toContain('APTA');
    expect(table.out).toContain(formatActaKeyLabel(key));
  });

  it('exits 2 on a usage error', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--jsn', 'x.png'])).code).toBe(2);
  });
});
