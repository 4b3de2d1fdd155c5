// next-auth's endpoints (/api/auth/csrf, /callback/credentials, /session, /signout, ...). This is the only
// place the web session rotates: GET /api/auth/session runs the `jwt` callback and its response carries
// the re-encrypted cookie, so the rotated pair is always persisted in the browser. A successful sign-in also
// (re)sets the device cookie, which the next sign-in presents.
import { NextResponse, type NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getServices } from "../../../../server/services";
import { buildAuthOptions } from "../../../../server/session/build-auth-options";
import { deviceCookieName, deviceCookieOptions } from "../../../../server/session/device-cookie";
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
    const cookieName = deviceCookieName(settings.secureCookies);
    let issued: { token: string; expiresAt: Date } | undefined;
    const options = buildAuthOptions({
      services,
      settings,
      headers: req.headers,
      deviceToken: req.cookies.get(cookieName)?.value ?? null,
      onDeviceToken: (device) => void (issued = device),
    });
    const response = noStore(await withoutLibraryErrors((await NextAuth(req, context, options)) as Response, describe));
    if (!issued) return response;
    const withDevice = new NextResponse(response.body, response);
    withDevice.cookies.set(cookieName, issued.token, deviceCookieOptions(settings.secureCookies, issued.expiresAt));
    return withDevice;
  } catch (error) {
    console.error(`[auth] next-auth failed on ${describe}`, error);
    return noStore(authRefusal(400));
  }
}

export { handler as GET, handler as POST };
