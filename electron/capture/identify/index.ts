export { scanQr, regionInPixels, type QrScan, type Region } from './qr';
export { identifyFromQr, type Identification, type IdentificationError, type QrIdentity } from './identify';
