// What keeps training apart besides the central: the database's purpose stamp (a start never
// opens one database for the other purpose) and the CAPACITACIÓN burned into every preview.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/db';
import { SettingsStore } from '../../../electron/store/settings';
import { systemClock } from '../../../electron/platform/clock';
import {
  checkDataPurpose,
  DataPurposeError,
  resolveStationData,
  writeModeFile,
} from '../../../electron/training/mode';
import { derivePreview } from '../../../electron/capture/store/preview';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-training-marks-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the purpose of a data folder', () => {
  it('a real database is never opened for training, nor a training one for real work', () => {
    const db = openDatabase(path.join(tmp, 'real.sqlite'));
    const settings = new SettingsStore(db, systemClock);
    checkDataPurpose(settings, tmp, 'production');
    checkDataPurpose(settings, tmp, 'production');
    expect(() => checkDataPurpose(settings, tmp, 'training')).toThrow(DataPurposeError);
    expect(() => checkDataPurpose(settings, tmp, 'training')).toThrow(/operación real/);
    db.close();
  });

  it('the mode file picks the folder; a training-only station ignores it', () => {
    const base = path.join(tmp, 'station');
    fs.mkdirSync(base);
    expect(resolveStationData(base, false)).toMatchObject({ purpose: 'production', dataDir: base });
    writeModeFile(base, { purpose: 'training', by: 'supervisor1', at: new Date().toISOString() });
    expect(resolveStationData(base, false)).toMatchObject({
      purpose: 'training',
      dataDir: path.join(base, 'capacitacion'),
    });
    writeModeFile(base, { purpose: 'production', by: 'supervisor1', at: new Date().toISOString() });
    expect(resolveStationData(base, true).purpose).toBe('training');
    // A damaged mode file is never a reason to run on the other folder.
    fs.writeFileSync(path.join(base, 'modo.json'), '{"purpose":');
    expect(resolveStationData(base, false).purpose).toBe('production');
  });
});

/** Pixels of the training colour (magenta: red well above green) in a preview. */
async function magentaPixels(preview: Buffer): Promise<number> {
  const { data, info } = await sharp(preview).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i]! - data[i + 1]! > 60) n++;
  return n;
}

describe('previews in training', () => {
  it('carry CAPACITACIÓN across the page; without the mark the page stays grey', async () => {
    const page = await sharp({
      create: { width: 1275, height: 1650, channels: 3, background: { r: 240, g: 240, b: 240 } },
    })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const marked = await derivePreview(page, { format: 'webp', mark: 'CAPACITACIÓN' });
    const plain = await derivePreview(page, { format: 'webp' });
    expect(await magentaPixels(plain)).toBe(0);
    const meta = await sharp(marked).metadata();
    // A band across the page, not a dot: at least 2% of the preview's pixels.
    expect(await magentaPixels(marked)).toBeGreaterThan(meta.width! * meta.height! * 0.02);
    fs.writeFileSync(path.join(tmp, 'marked.png'), await sharp(marked).png().toBuffer());
  });
});
