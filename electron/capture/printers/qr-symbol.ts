// The label's QR symbol. Which mask pattern a symbol uses changed how often the first reader
// (@zxing/library) missed a perfectly clean symbol: measured on 150 random labels, 4-dot modules
// at 203 dpi resampled to 280/300/320 dpi and softened (450 reads per mask), unread: mask 0: 27,
// 1: 4, 2: 4, 3: 122, 4: 7, 5: 0, 6: 11, 7: 8. The gate now reads with ZXing-C++, which read them
// all; the label keeps mask 5 (the best for both), and tests/electron/capture/printers/
// qr-symbol.test.ts checks that our reader reads it at every module size a 300-dpi scan shows.
import QRCode, { type QRCodeMaskPattern } from 'qrcode';

export interface QrSymbol {
  size: number;
  /** Row-major, 1 = dark. */
  modules: Uint8Array;
  mask: number;
}

/** The mask printed: the one every reader measured read first time (see above). */
export const LABEL_QR_MASK: QRCodeMaskPattern = 5;

export function readableQrSymbol(text: string): QrSymbol {
  // M: 15 % of the symbol can be lost (a scuff, a fold) and it still reads.
  const q = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: LABEL_QR_MASK });
  return { size: q.modules.size, modules: Uint8Array.from(q.modules.data), mask: LABEL_QR_MASK };
}
