// next-auth's endpoints (/api/auth/csrf, /callback/credentials, /session, /signout, ...). This is the only
// place the web session rotates: GET /api/auth/session runs the `jwt` callback and its response carries
// the re-encrypted cookie, so the rotated pair is always persisted in the browser.
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getServices } from "../../../../server/services";
import { buildAuthOptions } from "../../../../server/session/build-auth-options";
import { getSessionSettings } from "../../../../server/session/session-env";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ nextauth: string[] }>;
}

/** Session and CSRF responses carry session data or set the session cookie: nothing may cache them. */
function noStore(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("cache-control", "no-store");
  headers.set("pragma", "no-cache");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * next-auth answers requests it cannot serve (e.g. `GET /api/auth/callback/credentials`) with a 500 whose
 * body is its own error text. Rotor's callbacks never throw (a failing rotation keeps the session), so a
 * 5xx from next-auth means a request it refused: answered as a 400 with a fixed body, the cause logged.
 */
async function refusedRequest(response: Response, req: NextRequest): Promise<Response> {
  console.error(`[auth] next-auth refused ${req.method} ${req.nextUrl.pathname}: ${(await response.text()).slice(0, 200)}`);
  return Response.json({ error: { message: "Request refused", errorCode: "AUTH_REQUEST_REFUSED" } }, { status: 400 });
}

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  const [services, settings] = await Promise.all([getServices(), getSessionSettings()]);
  const response = (await NextAuth(req, context, buildAuthOptions({ services, settings, headers: req.headers }))) as Response;
  return noStore(response.status >= 500 ? await refusedRequest(response, req) : response);
}

export { handler as GET, handler as POST };
