// Headers every response gets (pages, API, assets): next.config applies them to what Next serves, the web
// host (server/serve-trpc.ts) to /api/trpc, which it serves itself. The page CSP carries a per-request
// nonce, so it is set in src/proxy.ts instead.
export function securityHeaders(production: boolean): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    // Production only (`next build` runs as production): browsers then refuse plain HTTP to this host for two
    // years. Ignored on plain-HTTP responses, so test setups on http://127.0.0.1 are unaffected.
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
