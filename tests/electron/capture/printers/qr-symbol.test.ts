// The label's QR is one our own reader reads: the symbol chosen for each of many labels reads at
// every module size a 300-dpi scan of the label shows, and in the measured most-readable mask.
import { describe, expect, it } from 'vitest';
import { readableQrSymbol } from '../../../../electron/capture/printers/qr-symbol';
import { ACTA } from './label-fixture';

describe('readable QR symbol', () => {
  it('every one of 40 labels gets a self-checked symbol, mostly mask 5', () => {
    const masks: number[] = [];
    for (let seq = 1; seq <= 40; seq++) {
      const code = seq.toString(32).toUpperCase().padStart(8, 'A').replace(/[01]/g, 'Q');
      const s = readableQrSymbol(`${ACTA.keyLabel} A|20261202T122107-0600|${seq * 97}|${code}`);
      expect(s.selfChecked).toBe(true);
      masks.push(s.mask);
    }
    expect(masks.filter((m) => m === 5).length).toBeGreaterThanOrEqual(30);
  });
});
