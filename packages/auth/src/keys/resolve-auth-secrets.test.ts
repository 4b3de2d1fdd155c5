import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { base64url } from "jose";
import { parseAuthEnv } from "../env.ts";
import { generateSigningJwk, importKeySet } from "./key-set.ts";
import { resolveAuthSecrets } from "./resolve-auth-secrets.ts";

describe("resolveAuthSecrets", () => {
  it("generates development keys once, 0600, and reuses them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rotor-keys-"));
    const env = parseAuthEnv({});
    const first = await resolveAuthSecrets({ env, production: false, devDataDir: dir });
    const second = await resolveAuthSecrets({ env, production: false, devDataDir: dir });
    expect(second.keySet.signing.kid).toBe(first.keySet.signing.kid);
    expect(second.refreshEncryptionKey).toEqual(first.refreshEncryptionKey);
    expect((await stat(join(dir, "jwks.json"))).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(join(dir, "jwks.json"), "utf8")) as { keys: unknown[] };
    expect(stored.keys).toHaveLength(1);
  });

  it("refuses to start in production without configured keys", async () => {
    await expect(resolveAuthSecrets({ env: parseAuthEnv({}), production: true })).rejects.toMatchObject({ code: "AUTH_KEYS_MISSING" });
  });

  it("uses AUTH_JWKS and AUTH_SIGNING_KID from env", async () => {
    const a = await generateSigningJwk();
    const b = await generateSigningJwk();
    const env = parseAuthEnv({
      AUTH_JWKS: JSON.stringify({ keys: [a, b] }),
      AUTH_SIGNING_KID: b.kid,
      AUTH_REFRESH_ENCRYPTION_KEY: base64url.encode(new Uint8Array(32).fill(1)),
    });
    const secrets = await resolveAuthSecrets({ env, production: true });
    expect(secrets.keySet.signing.kid).toBe(b.kid);
    expect(secrets.keySet.verification.size).toBe(2);
  });

  it.each([
    ["invalid JSON", { AUTH_JWKS: "{", AUTH_REFRESH_ENCRYPTION_KEY: base64url.encode(new Uint8Array(32)) }, "AUTH_KEYS_INVALID"],
    ["a missing encryption key", { AUTH_JWKS: '{"keys":[]}' }, "AUTH_ENCRYPTION_KEY_MISSING"],
    ["a short encryption key", { AUTH_JWKS: '{"keys":[]}', AUTH_REFRESH_ENCRYPTION_KEY: "abc" }, "AUTH_KEYS_INVALID"],
    ["an empty key set", { AUTH_JWKS: '{"keys":[]}', AUTH_REFRESH_ENCRYPTION_KEY: base64url.encode(new Uint8Array(32)) }, "AUTH_KEYS_INVALID"],
  ])("rejects %s", async (_label, vars, code) => {
    await expect(resolveAuthSecrets({ env: parseAuthEnv(vars), production: true })).rejects.toMatchObject({ code });
  });

  it("rejects keys of the wrong type and a signing kid without a private key", async () => {
    await expect(importKeySet({ keys: [{ kty: "oct", k: "abc", kid: "x" }] })).rejects.toMatchObject({ code: "AUTH_KEYS_INVALID" });
    const jwk = await generateSigningJwk();
    await expect(importKeySet({ keys: [jwk] }, "other")).rejects.toMatchObject({ code: "AUTH_KEYS_INVALID" });
  });

  it("rejects invalid env with a typed error", () => {
    expect(() => parseAuthEnv({ AUTH_ACCESS_TOKEN_TTL: "-3" })).toThrow(expect.objectContaining({ code: "AUTH_ENV_INVALID" }));
    expect(parseAuthEnv({ AUTH_ACCESS_TOKEN_TTL: "60" }).AUTH_ACCESS_TOKEN_TTL).toBe(60);
  });
});
