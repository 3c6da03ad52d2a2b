/**
 * The printed way to the reporter's status page: the QR code (inline SVG from the `qrcode`
 * package, made by the caller) and beside it the same short link as text.
 */
import { html, type SafeHtml, trustedHtml } from './html.ts';

export interface PrintedStatusLink {
  url: string;
  /** `<svg …>` as produced by qrcode's `toString({type: 'svg'})`: our own markup, not user data. */
  qrSvg: string;
}

/** Height the block takes on the page (the QR code's side). */
export const STATUS_QR_MM = 20;

export const STATUS_QR_CSS = `
.status-qr { display: flex; align-items: center; gap: 2.5mm; font-size: 9pt; line-height: 1.35; max-width: 78mm; }
.status-qr svg { width: ${STATUS_QR_MM}mm; height: ${STATUS_QR_MM}mm; flex: none; }
.status-qr .url { overflow-wrap: anywhere; font-family: monospace; }
`;

export function statusQrBlock(link: PrintedStatusLink | undefined): SafeHtml | null {
  if (!link?.qrSvg.startsWith('<svg')) return null;
  return html`<div class="status-qr" data-field="statusLink">${trustedHtml(link.qrSvg)}<div>扫码或访问<br><span class="url">${link.url}</span><br>查询办理进度</div></div>`;
}
