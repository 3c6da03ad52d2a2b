/**
 * Types for the two parts of the `qrcode` package the status link uses: the encoder and the SVG
 * renderer. The package's entry also loads the PNG, terminal and canvas renderers (pngjs); the
 * functions import these parts alone.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(text: string, options?: QRCodeOptions): QRCode;
}

declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeRenderersOptions } from 'qrcode';
  export function render(qrData: QRCode, options?: QRCodeRenderersOptions): string;
}
