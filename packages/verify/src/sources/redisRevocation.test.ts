// The Redis source's reading of Rotor's key format and its fail-safe behaviour, over a fake client (the
// same source against real Redis written by Rotor's own revocation list is in packages/integration-tests).
import { describe, expect, it } from "vitest";
import { redisRevocation } from "./redisRevocation.ts";
import type { RedisClientLike } from "../types.ts";

function fakeRedis(values: Record<string, string>, fail = { now: false }) {
  const client: RedisClientLike = {
    get: (key) => (fail.now ? Promise.reject(new Error("ECONNREFUSED secret-host:6379")) : Promise.resolve(values[key] ?? null)),
    duplicate: () => {
      throw new Error("not used without cacheTtlMs");
    },
  };
  return client;
}

describe("redis revocation source", () => {
  const now = 1_000_000;
  const clock = () => now;
  const warn = () => undefined;

  it("reads Rotor's values: a future time is revoked, a past one or a binding is not, garbage fails closed", async () => {
    const source = redisRevocation(
      { source: "redis", redis: fakeRedis({ "rotor:revoked:a": String(now + 1), "rotor:revoked:b": String(now - 1), "rotor:revoked:c": "b:user|tenant|USER", "rotor:revoked:d": "zz" }) },
      { clock, warn },
    );
    expect(await source.check("a")).toBe("revoked");
    expect(await source.check("b")).toBe("active");
    expect(await source.check("c")).toBe("active");
    expect(await source.check("d")).toBe("revoked");
    expect(await source.check("e")).toBe("active");
  });

  it("answers unknown when Redis fails, and says so once until it answers again", async () => {
    const fail = { now: true };
    const warnings: string[] = [];
    const source = redisRevocation({ source: "redis", redis: fakeRedis({}, fail) }, { clock, warn: (code) => warnings.push(code) });
    // Not answering before the first answer (still connecting) is not reported as an outage.
    expect(await source.check("a")).toBe("unknown");
    fail.now = false;
    await source.ready();
    fail.now = true;
    expect(await source.check("a")).toBe("unknown");
    expect(await source.check("a")).toBe("unknown");
    fail.now = false;
    expect(await source.check("a")).toBe("active");
    expect(warnings).toEqual(["REVOCATION_SOURCE_DOWN", "REVOCATION_SOURCE_UP"]);
  });
});
