// next-auth's endpoints (/api/auth/csrf, /callback/credentials, /session, /signout, ...). This is the only
// place the web session rotates: GET /api/auth/session runs the `jwt` callback and its response carries
// the re-encrypted cookie, so the rotated pair is always persisted in the browser. A successful sign-in also
// (re)sets the device cookie, which the next sign-in presents.
import { NextResponse, type NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getServices } from "../../../../server/services";
import { buildAuthOptions } from "../../../../server/session/build-auth-options";
import { deviceCookieName, deviceCookieOptions } from "../../../../server/session/device-cookie";
import { getSessionSettings } from "../../../../server/session/session-env";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ nextauth: string[] }>;
}

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
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
  const response = (await NextAuth(req, context, options)) as Response;
  if (!issued) return response;
  const withDevice = new NextResponse(response.body, response);
  withDevice.cookies.set(cookieName, issued.token, deviceCookieOptions(settings.secureCookies, issued.expiresAt));
  return withDevice;
}

export { handler as GET, handler as POST };
