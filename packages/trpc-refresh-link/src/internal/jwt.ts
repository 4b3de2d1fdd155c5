// Reads `iat`/`exp` from a JWT payload without verifying it: the client only needs to know when
// its own token expires, the server does the verification.

export interface JwtTimes {
  /** Seconds since the epoch, server clock. */
  iat?: number;
  /** Seconds since the epoch, server clock. */
  exp?: number;
}

export function readJwtTimes(token: string): JwtTimes {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    if (typeof claims !== "object" || claims === null) return {};
    const { iat, exp } = claims as Record<string, unknown>;
    return {
      ...(typeof iat === "number" && Number.isFinite(iat) ? { iat } : {}),
      ...(typeof exp === "number" && Number.isFinite(exp) ? { exp } : {}),
    };
  } catch {
    return {};
  }
}
