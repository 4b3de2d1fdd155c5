// The claim set Rotor puts in every access token, and its runtime shape check.
import { z } from "zod";

export const ROLES = ["ADMIN", "MANAGER", "USER"] as const;
export type AuthRole = (typeof ROLES)[number];

export const accessTokenClaimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1),
  sid: z.string().min(1),
  tid: z.string().min(1),
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
