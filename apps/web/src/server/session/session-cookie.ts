// The session cookie's name and attributes, in one place for next-auth (which writes it) and
// readWebSession (which only reads it). httpOnly: no script ever sees the token pair inside.
export function sessionCookieName(secure: boolean): string {
  // `__Secure-` makes browsers refuse the cookie unless it is Secure and set over HTTPS.
  return secure ? "__Secure-rotor.session-token" : "rotor.session-token";
}

export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
}
