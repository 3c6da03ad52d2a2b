import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { statusLinkQrSvg } from '../../shared/use-cases/status-link.ts';

describe('the status link QR code', () => {
  it.each([
    'https://bancheng.example.gov.cn/s/3kF9xQ2mZ7',
    `https://bancheng.example.gov.cn/s/${'A1b2'.repeat(12)}`,
  ])(
    'is the markup the qrcode package renders for %s, from the encoder and SVG renderer alone',
    async (url) => {
      // Prepare: the package's own entry point as the oracle (it also loads the PNG renderer).
      const expected = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });

      // Act
      const svg = await statusLinkQrSvg(url);

      // Assert
      expect(svg).toBe(expected);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    },
  );
});
