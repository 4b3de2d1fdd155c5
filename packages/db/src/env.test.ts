import { describe, expect, it } from "vitest";
import { readDbEnv } from "./env.ts";
import { defaultPostgresDataDir, repoRoot } from "./paths.ts";

describe("readDbEnv", () => {
  it("defaults to the embedded server on port 54329 under <repo>/.data", () => {
    const env = readDbEnv({});
    expect(env).toEqual({ ROTOR_PG_PORT: 54329, NODE_ENV: "development", CI: false });
    expect(defaultPostgresDataDir(env)).toBe(`${repoRoot}/.data/postgres`);
  });

  it("treats empty variables as unset and reads overrides", () => {
    const env = readDbEnv({ DATABASE_URL: "", ROTOR_PG_PORT: "6000", ROTOR_DATA_DIR: "/var/lib/rotor", CI: "true" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env).toMatchObject({ ROTOR_PG_PORT: 6000, CI: true });
    expect(defaultPostgresDataDir(env)).toBe("/var/lib/rotor/postgres");
  });

  it("names every invalid variable", () => {
    const read = () => readDbEnv({ DATABASE_URL: "mysql://x", ROTOR_PG_PORT: "99999" });
    expect(read).toThrow(expect.objectContaining({ code: "INVALID_ENV" }));
    expect(read).toThrow(/DATABASE_URL[\s\S]*ROTOR_PG_PORT/);
  });
});
