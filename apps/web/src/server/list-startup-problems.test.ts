import { describe, expect, it } from "vitest";
import { listStartupProblems } from "./list-startup-problems";

const db = { DATABASE_URL: "postgresql://localhost/rotor" };

describe("listStartupProblems", () => {
  it("lists every missing production secret in one answer", () => {
    const problems = listStartupProblems({ ...db, NODE_ENV: "production" });
    expect(problems.map((p) => p.split(":")[0])).toEqual(["AUTH_JWKS", "AUTH_REFRESH_ENCRYPTION_KEY", "AUTH_SECRET"]);
  });

  it("adds invalid values of every package's variables to the same list", () => {
    const problems = listStartupProblems({
      NODE_ENV: "production",
      AUTH_ACCESS_TOKEN_TTL: "soon",
      REDIS_URL: "http://not-redis",
      DATABASE_POOL_SIZE: "-1",
      AUTH_SECRET: "short",
      AUTH_JWKS: "{not json",
      AUTH_REFRESH_ENCRYPTION_KEY: "x",
    });
    const names = problems.map((p) => p.split(":")[0]);
    expect(names).toEqual(
      expect.arrayContaining(["DATABASE_URL", "DATABASE_POOL_SIZE", "AUTH_SECRET", "AUTH_ACCESS_TOKEN_TTL", "REDIS_URL", "AUTH_JWKS"]),
    );
    expect(problems).toHaveLength(new Set(problems).size);
  });

  it("has nothing to say about a complete production configuration or a bare development one", () => {
    expect(listStartupProblems({ ...db, NODE_ENV: "development" })).toEqual([]);
    expect(
      listStartupProblems({
        ...db,
        NODE_ENV: "production",
        AUTH_JWKS: '{"keys":[]}',
        AUTH_REFRESH_ENCRYPTION_KEY: "k",
        AUTH_SECRET: "s".repeat(32),
      }),
    ).toEqual([]);
  });

  it("refuses several workers without Redis, and a worker count that is not one", () => {
    const production = { ...db, NODE_ENV: "production", AUTH_JWKS: '{"keys":[]}', AUTH_REFRESH_ENCRYPTION_KEY: "k", AUTH_SECRET: "s".repeat(32) };
    expect(listStartupProblems({ ...production, ROTOR_WORKERS: "2" })).toEqual([expect.stringMatching(/^ROTOR_WORKERS: more than one worker needs REDIS_URL/)]);
    expect(listStartupProblems({ ...production, ROTOR_WORKERS: "auto" })).toHaveLength(1);
    expect(listStartupProblems({ ...production, ROTOR_WORKERS: "2", REDIS_URL: "redis://127.0.0.1:6379" })).toEqual([]);
    expect(listStartupProblems({ ...production, ROTOR_WORKERS: "1" })).toEqual([]);
    for (const bad of ["0", "many", "1.5", "65"]) {
      expect(listStartupProblems({ ...production, ROTOR_WORKERS: bad }).map((p) => p.split(":")[0])).toEqual(["ROTOR_WORKERS"]);
    }
  });
});
