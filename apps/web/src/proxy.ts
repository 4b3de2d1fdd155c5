// Next.js 16 proxy (formerly middleware): gives every rendered page a fresh CSP nonce. It does not touch
// the session: rotating here would mean rewriting both the forwarded request's and the response's
// cookies on every navigation, while the session route already rotates and persists in one place.
import { NextResponse, type NextRequest } from "next/server";
import { buildContentSecurityPolicy, createNonce } from "./server/security/content-security-policy";

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const csp = buildContentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  // Next.js reads the nonce from the request's CSP header and puts it on its scripts.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes, static assets and prefetches need no nonce.
      source: "/((?!api|_next/static|_next/image|favicon.ico|\\.well-known).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
