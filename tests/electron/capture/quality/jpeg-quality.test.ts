import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { estimateJpegQuality } from '../../../../electron/capture/quality';

describe('estimateJpegQuality', () => {
  it('reads back the quality a JPEG was saved with (±2 from 25 up; below 25 only "low")', async () => {
    const img = sharp({ create: { width: 64, height: 64, channels: 3, background: '#777' } });
    for (const q of [5, 10, 20]) {
      const bytes = await img.clone().jpeg({ quality: q, mozjpeg: false }).toBuffer();
      expect(estimateJpegQuality(bytes)!, `q${q}`).toBeLessThan(25);
    }
    for (const q of [25, 40, 50, 75, 90]) {
      const bytes = await img.clone().jpeg({ quality: q, mozjpeg: false }).toBuffer();
      expect(Math.abs(estimateJpegQuality(bytes)! - q), `q${q}`).toBeLessThanOrEqual(2);
    }
  });

  it('is null for a PNG and for garbage', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#777' } })
      .png()
      .toBuffer();
    expect(estimateJpegQuality(png)).toBeNull();
    expect(estimateJpegQuality(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0xff, 0xff]))).toBeNull();
  });
});
