// Looks inside a browser context's session cookie the way the server does, so tests can check which
// refresh token the browser really holds (and compare it with the database).
import type { BrowserContext } from "playwright-core";
import { decode } from "next-auth/jwt";
import type { WebSessionState } from "../../src/server/session/web-session-state";

export const SESSION_COOKIE_PREFIX = ["__Secure-rotor.session-token", "rotor.session-token"];

export async function sessionCookie(context: BrowserContext) {
  const cookies = await context.cookies();
  return cookies.find((c) => SESSION_COOKIE_PREFIX.includes(c.name)) ?? null;
}

export async function readSessionCookie(context: BrowserContext, secret: string): Promise<WebSessionState | null> {
  const cookie = await sessionCookie(context);
  if (!cookie) return null;
  const token = await decode({ token: cookie.value, secret });
  return token?.rotor ?? null;
}
