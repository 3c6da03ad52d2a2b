/**
 * The reporter's status link (办理进度查询): `{PUBLIC_BASE_URL}/s/{token}`, printed as text and
 * as a QR code on the one-time notice and Form A.1, and sent in the intake and follow-up texts.
 */
import { create } from 'qrcode/lib/core/qrcode.js';
import { render } from 'qrcode/lib/renderer/svg-tag.js';
import { ENV } from '../config.ts';

export function statusLinkUrl(token: string): string {
  const base = (process.env[ENV.publicBaseUrl] ?? '').replace(/\/+$/, '');
  return `${base}/s/${token}`;
}

/**
 * The link as inline SVG (no image request, prints sharp); medium error correction survives a
 * crease. The encoder and the SVG renderer are imported alone (see qrcode-parts.d.ts): the same
 * markup as `QRCode.toString(url, { type: 'svg' })` without the PNG renderer and pngjs (57 KB).
 */
export async function statusLinkQrSvg(url: string): Promise<string> {
  return render(create(url, { errorCorrectionLevel: 'M' }), { margin: 0 });
}

/** The link and its QR code, as the printed documents take them. */
export async function printedStatusLink(token: string | undefined) {
  if (!token) return undefined;
  const url = statusLinkUrl(token);
  return { url, qrSvg: await statusLinkQrSvg(url) };
}
