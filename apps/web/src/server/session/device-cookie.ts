// The device cookie (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): holds the device token
// Rotor's `auth.login` returns, so this browser counts as trusted at its next sign-in to the same account
// and an attacker's failed guesses cannot lock it out. httpOnly (no script needs it), sent only with
// same-site navigations and posts, and in production `__Host-` (Secure, this host only, path /).
export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-rotor.device" : "rotor.device";
}

export function deviceCookieOptions(secure: boolean, expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure, expires };
}
