// The fail-safe rule with a frozen clock: after the revocation source last answered, tokens are accepted
// for failClosedAfterMs, then refused with REVOCATION_UNAVAILABLE until the source answers again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier } from "./createVerifier.ts";
import { AUDIENCE, ISSUER, startTokenIssuer, type TokenIssuer } from "./testing/tokenIssuer.ts";
import type { RedisClientLike } from "./types.ts";

let issuer: TokenIssuer;
beforeAll(async () => {
  issuer = await startTokenIssuer();
});
afterAll(() => issuer.close());

describe("fail-safe", () => {
  it("accepts for failClosedAfterMs after the last answer, then refuses with 503 until Redis answers again", async () => {
    let now = Date.now();
    const down = { now: false };
    const redis: RedisClientLike = {
      get: () => (down.now ? Promise.reject(new Error("down")) : Promise.resolve(null)),
      duplicate: () => {
        throw new Error("unused");
      },
    };
    const warnings: string[] = [];
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: issuer.jwksUrl,
      revocation: { source: "redis", redis },
      failSafe: { failClosedAfterMs: 1000 },
      clock: () => now,
      onWarning: (w) => warnings.push(w.code),
    });
    const token = await issuer.sign({}, {}, now);
    await expect(verifier.verify(token)).resolves.toBeDefined();
    down.now = true;
    now += 500;
    await expect(verifier.verify(token)).resolves.toBeDefined();
    now += 1000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: "REVOCATION_UNAVAILABLE", status: 503, message: "Revocation status unavailable" });
    down.now = false;
    await expect(verifier.verify(token)).resolves.toBeDefined();
    expect(warnings).toEqual(["REVOCATION_SOURCE_DOWN", "ACCEPTED_UNCHECKED", "REVOCATION_SOURCE_UP"]);
    await verifier.close();
  });
});
