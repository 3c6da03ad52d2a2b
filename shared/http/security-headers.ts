/**
 * The security headers of the web console (and every HTML page we serve), declared once: the
 * CloudFront response-headers policy and the local front both read them. The console is a
 * same-origin SPA: scripts and styles from our own origin only; `style-src 'unsafe-inline'`
 * because Element Plus sets inline style attributes; the foreign origins the browser talks to are
 * the OIDC issuer (token endpoint, discovery, JWKS) and the attachment bucket (presigned uploads).
 */

export interface ConsoleHeaderOptions {
  /** Origin of the OIDC issuer (e.g. the Cognito domain); omitted locally. */
  oidcOrigin?: string;
  /**
   * Origin of the attachment bucket, where the browser sends a presigned upload (PUT); omitted
   * locally, where uploads go through the front's same-origin proxy.
   */
  uploadOrigin?: string;
  /** A sign-in domain apart from the issuer (Cognito's hosted pages and token endpoint). */
  signInOrigin?: string;
}

export function contentSecurityPolicy(opts: ConsoleHeaderOptions = {}): string {
  const connect = ["'self'", opts.oidcOrigin, opts.signInOrigin, opts.uploadOrigin].filter(Boolean).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    `form-action ${["'self'", opts.oidcOrigin, opts.signInOrigin].filter(Boolean).join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers for console responses, as header name → value. */
export function consoleSecurityHeaders(opts: ConsoleHeaderOptions = {}): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(opts),
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}
