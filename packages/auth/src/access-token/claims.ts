// The claim set Rotor puts in every access token, and its runtime shape check.
import { z } from "zod";

export const ROLES = ["ADMIN", "MANAGER", "USER"] as const;
export type AuthRole = (typeof ROLES)[number];

export const accessTokenClaimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  // Database ids: anything else would reach PostgreSQL's uuid parser (and fail there) if let through.
  sub: z.uuid(),
  sid: z.uuid(),
  tid: z.uuid(),
  role: z.enum(ROLES),
  iat: z.number(),
  nbf: z.number(),
  exp: z.number(),
  jti: z.string().min(1),
});

export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

/** What a verified access token says about its bearer. */
export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  tenantId: string;
  role: AuthRole;
}
