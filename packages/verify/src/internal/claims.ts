// Rotor's access-token claim set, checked by hand (the package carries no schema library): the same rules
// as Rotor's own schema, ids as UUIDs, role one of Rotor's roles.

export const ROLES = ["ADMIN", "MANAGER", "USER"] as const;
export type Role = (typeof ROLES)[number];

export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  sid: string;
  tid: string;
  role: Role;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
const isTime = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

export function parseClaims(payload: Record<string, unknown>): AccessTokenClaims | undefined {
  const { iss, aud, sub, sid, tid, role, iat, nbf, exp, jti } = payload;
  if (typeof iss !== "string") return undefined;
  if (typeof aud !== "string" && !(Array.isArray(aud) && aud.every((a) => typeof a === "string"))) return undefined;
  if (!isUuid(sub) || !isUuid(sid) || !isUuid(tid)) return undefined;
  if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) return undefined;
  if (!isTime(iat) || !isTime(nbf) || !isTime(exp)) return undefined;
  if (typeof jti !== "string" || jti.length === 0) return undefined;
  return { iss, aud, sub, sid, tid, role: role as Role, iat, nbf, exp, jti };
}
