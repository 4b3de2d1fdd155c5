// The Content-Security-Policy for rendered pages: scripts run only with this response's nonce (Next.js
// puts it on its own scripts when it finds it in the request's CSP header), nothing may frame us, forms
// post only to us. Pure function, so the policy is unit-tested rather than eyeballed.
export interface ContentSecurityPolicyOptions {
  nonce: string;
  /** next dev: React needs eval for its debugging, and Turbopack injects styles without a nonce. */
  dev: boolean;
  /** Add `upgrade-insecure-requests` (only meaningful when served over HTTPS). */
  https: boolean;
}

export function buildContentSecurityPolicy({ nonce, dev, https }: ContentSecurityPolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** 128 random bits, base64: unguessable per response. Web Crypto, so it runs wherever the proxy runs. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
