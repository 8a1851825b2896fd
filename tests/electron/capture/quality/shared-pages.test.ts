// The gate keeps the shared memory of judged pages for the next ones (shared-pages.ts): a page
// judged on memory another page left behind must measure exactly as on fresh memory.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { QualityGate } from '../../../../electron/capture/quality';
import { encodePage, renderActaPage } from '../../../../sim/acta/page';

describe('pages judged one after another on reused memory', () => {
  it('measure exactly as each judged alone by a fresh gate', { timeout: 120_000 }, async () => {
    const colour = (await renderActaPage({ seed: 5, colour: 'colour' })).page;
    const grey = (await renderActaPage({ seed: 6, colour: 'grey' })).page;
    const pages = [
      await encodePage(colour, 'jpeg'),
      await encodePage(grey, 'png'),
      // Smaller than the buffers the first two leave behind (a page cut to 2400×3100).
      await sharp(await encodePage(colour, 'png'))
        .extract({ left: 0, top: 0, width: 2400, height: 3100 })
        .png()
        .toBuffer(),
      await encodePage(grey, 'jpeg'),
      await encodePage(colour, 'jpeg'),
    ];
    const reused = new QualityGate();
    const inOrder = [];
    try {
      for (const p of pages) inOrder.push(await reused.inspect(p));
    } finally {
      await reused.close();
    }
    for (const [i, p] of pages.entries()) {
      const fresh = new QualityGate();
      try {
        const alone = await fresh.inspect(p);
        const a = inOrder[i]!;
        if (!a.ok || !alone.ok) throw new Error(`page ${i} not judged`);
        expect(a.value.measurements, `page ${i}`).toEqual(alone.value.measurements);
        expect(a.value.verdict, `page ${i}`).toEqual(alone.value.verdict);
      } finally {
        await fresh.close();
      }
    }
  });
});

describe('the shared memory pool', () => {
  // The gate has an analysis worker touch a fresh buffer before the event loop copies a page into
  // it (first writes to new memory cost 2–5 ms per MB on a virtual machine): `fresh` must say so.
  it('says which buffers are new and hands back kept ones as not new', async () => {
    const { SharedPages } = await import('../../../../electron/capture/quality/shared-pages');
    const pool = new SharedPages();
    const a = pool.take(1000);
    expect(a.fresh).toBe(true);
    pool.give(a.view);
    const b = pool.take(900);
    expect(b.fresh).toBe(false);
    expect(b.view.buffer).toBe(a.view.buffer);
    // Far smaller than any kept buffer: a new one, not a third of a large one.
    expect(pool.take(100).fresh).toBe(true);
  });
});
