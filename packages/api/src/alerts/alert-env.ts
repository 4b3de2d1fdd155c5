// Alert thresholds and the webhook, from the environment (zod). Defaults are documented in the README's
// "Alerts" section; each pattern is "COUNT events within WINDOW seconds".
import { z } from "zod";

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const windowSec = (fallback: number) => z.coerce.number().int().min(1).max(86_400).default(fallback);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

export const alertEnvSchema = z
  .object({
    /** Refreshes (rotations and replays) of one session. */
    ALERT_REFRESH_STORM_COUNT: count(30),
    ALERT_REFRESH_STORM_WINDOW: windowSec(60),
    /** Failed or refused sign-ins of one account (tenant + email). */
    ALERT_BRUTE_FORCE_ACCOUNT_COUNT: count(10),
    ALERT_BRUTE_FORCE_ACCOUNT_WINDOW: windowSec(300),
    /** Failed or refused sign-ins from one IP address. */
    ALERT_BRUTE_FORCE_IP_COUNT: count(20),
    ALERT_BRUTE_FORCE_IP_WINDOW: windowSec(300),
    /** Distinct IP addresses one account signed in from. */
    ALERT_MANY_IPS_COUNT: count(5),
    ALERT_MANY_IPS_WINDOW: windowSec(3600),
    /** Where alerts are POSTed (JSON), signed with ALERT_WEBHOOK_SECRET; unset: audit log and server log only. */
    ALERT_WEBHOOK_URL: optional(z.url({ protocol: /^https?$/ })),
    /** HMAC-SHA256 key of the webhook signature, 32+ characters; required with ALERT_WEBHOOK_URL. */
    ALERT_WEBHOOK_SECRET: optional(z.string().min(32, "at least 32 characters")),
  })
  .refine((env) => !env.ALERT_WEBHOOK_URL || env.ALERT_WEBHOOK_SECRET, {
    message: "required when ALERT_WEBHOOK_URL is set",
    path: ["ALERT_WEBHOOK_SECRET"],
  });

export type AlertEnv = z.infer<typeof alertEnvSchema>;

export function parseAlertEnv(env: Record<string, string | undefined>): AlertEnv {
  return alertEnvSchema.parse(env);
}
