// Reads the web session from the request's cookies WITHOUT running next-auth's callbacks. Server
// components and the tRPC route use this: neither can persist a rotated cookie (a server component
// cannot set cookies at all, and next-auth v4's getServerSession drops the Set-Cookie it computes), so
// letting them rotate would burn the refresh token the browser still holds. Rotation happens only in
// the session route, whose response carries the new cookie.
import { decode } from "next-auth/jwt";
import type { SessionSettings } from "./session-env";
import { sessionCookieName } from "./session-cookie";
import type { WebSessionState } from "./web-session-state";

export interface CookieReader {
  getAll(): { name: string; value: string }[];
}

/** next-auth splits big cookies into `name.0`, `name.1`, ...; join them back in order. */
function joinChunks(cookies: CookieReader, name: string): string | null {
  const parts = cookies
    .getAll()
    .filter((c) => c.name === name || c.name.startsWith(`${name}.`))
    .sort((a, b) => Number(a.name.split(".").pop()) - Number(b.name.split(".").pop()));
  return parts.length ? parts.map((c) => c.value).join("") : null;
}

export async function readWebSession(cookies: CookieReader, settings: SessionSettings): Promise<WebSessionState | null> {
  const raw = joinChunks(cookies, sessionCookieName(settings.secureCookies));
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: settings.secret });
    return token?.rotor?.sessionId ? token.rotor : null;
  } catch {
    return null; // tampered, or encrypted with another secret
  }
}
