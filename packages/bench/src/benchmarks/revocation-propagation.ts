// How long a revocation on one instance takes to be honoured by another: two API processes sharing one
// PostgreSQL and one Redis, each caching "not revoked" answers, so only pub/sub invalidation is fast.
import { DEMO_PASSWORD } from "@rotor/db";
import { measureRevocationPropagation, startInstancePair } from "@rotor/api/testing";
import { isRedisServerAvailable } from "@rotor/store/testing";
import type { BenchResult } from "../report.ts";
import { median, percentile, round } from "../stats.ts";

export async function benchRevocationPropagation(adminUrl: string, samples = 30): Promise<BenchResult> {
  if (!isRedisServerAvailable()) {
    return { name: "Revocation propagation between two instances", metrics: { skipped: "redis-server is not installed" } };
  }
  const pair = await startInstancePair({ adminUrl, env: { RATE_LIMIT_DISABLED: "true" } });
  try {
    const results = await measureRevocationPropagation(pair.a.url, pair.b.url, { tenant: "acme", email: "user@acme.test", password: DEMO_PASSWORD }, { samples });
    const delays = results.map((r) => r.delayMs);
    return {
      name: "Revocation propagation between two instances",
      goal: "honoured by the other instance within 1 s",
      met: Math.max(...delays) < 1000,
      metrics: {
        "median ms": round(median(delays), 1),
        "p90 ms": round(percentile(delays, 90), 1),
        "max ms": round(Math.max(...delays), 1),
        samples,
      },
      notes: "Measured from sending the logout to instance A until instance B refuses the session's access token; includes the logout request itself.",
    };
  } finally {
    await pair.stop();
  }
}
