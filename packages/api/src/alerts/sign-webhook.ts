// The webhook signature: `X-Rotor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The
// timestamp is inside the MAC so a receiver can refuse old deliveries (replays); verify with a constant-time
// comparison over the raw body.
import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "x-rotor-signature";

export function signWebhook(secret: string, timestampSec: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestampSec}.${body}`).digest("hex");
  return `t=${timestampSec},v1=${mac}`;
}
