// Rate limit settings: one zod schema with the defaults, shared by createRateLimits and env parsing.
import { z } from "zod";
import { StoreConfigError } from "../errors.ts";

const points = z.int().positive().max(1_000_000);
const seconds = z.int().positive().max(31_536_000);

function limit(defaults: { points: number; windowSec: number }) {
  return z
    .object({
      /** Attempts allowed per window. */
      points: points.default(defaults.points),
      /** Window length in seconds, counted from the first attempt (fixed window). */
      windowSec: seconds.default(defaults.windowSec),
    })
    .prefault({});
}

export const rateLimitConfigSchema = z
  .object({
    /** Turns every limit off (benchmarks). */
    disabled: z.boolean().default(false),
    /** Prefix of every limiter key, so instances and test runs can be isolated. */
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9:_.-]+$/, "only letters, digits and : _ . -")
      .default("rotor:rl"),
    /** Login attempts per IP (Supabase: 30 sign-ins per 5 minutes per IP). */
    loginIp: limit({ points: 30, windowSec: 300 }),
    /** Login attempts per account = tenant + email (Better Auth: 3 sign-ins per 10 seconds), untrusted clients only. */
    loginAccount: limit({ points: 3, windowSec: 10 }),
    /** Login attempts per account from one IP, untrusted clients only: bounds one source's guessing over hours. */
    loginAccountIp: limit({ points: 10, windowSec: 900 }),
    /**
     * Login attempts per trusted device (a device token of the account): such a client skips the IP and
     * account limits above (an attacker cannot lock it out), so this alone bounds its guessing.
     */
    loginDevice: limit({ points: 10, windowSec: 900 }),
    /** Lockout backoff: every time an account goes over its limit again, its block doubles. */
    loginLockout: z
      .object({
        /** Block of the first lockout, in seconds. */
        baseBlockSec: seconds.default(30),
        /** Upper bound of the block, in seconds. */
        maxBlockSec: seconds.default(900),
        /** Lockouts are forgotten this long after the first one (or on successful login). */
        resetAfterSec: seconds.default(86_400),
      })
      .prefault({})
      .refine((value) => value.maxBlockSec >= value.baseBlockSec, {
        message: "maxBlockSec must be >= baseBlockSec",
        path: ["maxBlockSec"],
      }),
    /** Token refreshes per IP (Supabase: 150 per 5 minutes per IP). */
    refreshIp: limit({ points: 150, windowSec: 300 }),
    /**
     * Rotations per session (replays inside the reuse interval are free); a legitimate client rotates about
     * once per 15 minutes. The successor minted by the last allowed rotation waits for the window's end.
     */
    refreshSession: limit({ points: 20, windowSec: 300 }),
    /** Refused refreshes (unknown, expired, reused tokens...) per IP; further refreshes from it wait. */
    refreshFailureIp: limit({ points: 20, windowSec: 300 }),
  })
  .strict();

/** What callers pass: every field optional, defaults filled in by the schema. */
export type RateLimitConfigInput = z.input<typeof rateLimitConfigSchema>;
export type RateLimitConfig = z.output<typeof rateLimitConfigSchema>;

export function parseRateLimitConfig(input: RateLimitConfigInput = {}): RateLimitConfig {
  const result = rateLimitConfigSchema.safeParse(input);
  if (!result.success) {
    throw new StoreConfigError(`invalid rate limit config:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}
