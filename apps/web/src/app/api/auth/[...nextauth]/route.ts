// next-auth's endpoints (/api/auth/csrf, /callback/credentials, /session, /signout, ...). This is the only
// place the web session rotates: GET /api/auth/session runs the `jwt` callback and its response carries
// the re-encrypted cookie, so the rotated pair is always persisted in the browser.
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getServices } from "../../../../server/services";
import { buildAuthOptions } from "../../../../server/session/build-auth-options";
import { authRefusal, isServedAuthAction, withoutLibraryErrors } from "../../../../server/session/next-auth-edge";
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

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  const { nextauth } = await context.params;
  if (!isServedAuthAction(req.method, nextauth)) return noStore(authRefusal(404));
  const describe = `${req.method} ${req.nextUrl.pathname}`;
  try {
    const [services, settings] = await Promise.all([getServices(), getSessionSettings()]);
    const response = (await NextAuth(req, context, buildAuthOptions({ services, settings, headers: req.headers }))) as Response;
    return noStore(await withoutLibraryErrors(response, describe));
  } catch (error) {
    console.error(`[auth] next-auth failed on ${describe}`, error);
    return noStore(authRefusal(400));
  }
}

export { handler as GET, handler as POST };
