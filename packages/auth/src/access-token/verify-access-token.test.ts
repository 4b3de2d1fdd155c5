import { describe, expect, it } from "vitest";
import { SignJWT, UnsecuredJWT, base64url } from "jose";
import { generateSigningJwk, importKeySet } from "../keys/key-set.ts";
import { createTestClock, testLifetimes } from "../testing/create-test-auth.ts";
import { signAccessToken } from "./sign-access-token.ts";
import { createAccessTokenVerifier } from "./verify-access-token.ts";

const subject = { userId: "u-1", sessionId: "s-1", tenantId: "t-1", role: "USER" as const };
const farFuture = new Date(Date.UTC(2030, 0, 1));

async function setup(cacheSize?: number) {
  const clock = createTestClock();
  const keySet = await importKeySet({ keys: [await generateSigningJwk()] });
  const verify = createAccessTokenVerifier({ keySet, lifetimes: testLifetimes, clock, ...(cacheSize === undefined ? {} : { cacheSize }) });
  const sign = () => signAccessToken({ keySet, lifetimes: testLifetimes, clock }, subject, farFuture);
  /** A token with arbitrary header/claims, signed by our real key. */
  const forge = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) => {
    const now = Math.floor(clock() / 1000);
    return new SignJWT({ sid: "s-1", tid: "t-1", role: "USER", jti: "j", ...claims })
      .setProtectedHeader({ alg: "ES256", kid: keySet.signing.kid, typ: "at+jwt", ...header })
      .setIssuer((claims.iss as string) ?? testLifetimes.issuer)
      .setAudience((claims.aud as string) ?? testLifetimes.audience)
      .setSubject("u-1")
      .setIssuedAt(now)
      .setNotBefore((claims.nbf as number) ?? now)
      .setExpirationTime((claims.exp as number) ?? now + 900)
      .sign(keySet.signing.key);
  };
  return { clock, keySet, verify, sign, forge };
}

describe("access tokens", () => {
  it("signs ES256 at+jwt with kid and the full claim set, and verifies it", async () => {
    const { verify, sign, keySet, clock } = await setup();
    const { token, expiresAt } = await sign();
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(token.split(".")[0]!))) as Record<string, unknown>;
    expect(header).toEqual({ alg: "ES256", kid: keySet.signing.kid, typ: "at+jwt" });
    const claims = await verify(token);
    expect(claims).toMatchObject({ sub: "u-1", sid: "s-1", tid: "t-1", role: "USER", iss: testLifetimes.issuer, aud: testLifetimes.audience });
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.nbf).toBe(claims.iat);
    expect(typeof claims.jti).toBe("string");
    expect(expiresAt.getTime()).toBe(clock() + 900_000);
  });

  it("caps exp at the session's absolute expiry", async () => {
    const { keySet, clock } = await setup();
    const notAfter = new Date(clock() + 60_000);
    const { expiresAt } = await signAccessToken({ keySet, lifetimes: testLifetimes, clock }, subject, notAfter);
    expect(expiresAt.getTime()).toBe(notAfter.getTime());
  });

  it.each([
    ["expired (cold)", 0],
    ["expired (cached)", 100],
  ])("rejects an %s token with TOKEN_EXPIRED", async (_label, cacheSize) => {
    const { verify, sign, clock } = await setup(cacheSize);
    const { token } = await sign();
    await verify(token);
    clock.advance(900_000 + 5_001);
    await expect(verify(token)).rejects.toMatchObject({ code: "TOKEN_EXPIRED" });
  });

  it("accepts a token within the clock tolerance", async () => {
    const { verify, sign, clock } = await setup(0);
    const { token } = await sign();
    clock.advance(900_000 + 4_000);
    await expect(verify(token)).resolves.toMatchObject({ sub: "u-1" });
  });

  it("rejects a token that is not yet valid with TOKEN_INVALID", async () => {
    const { verify, forge, clock } = await setup();
    const now = Math.floor(clock() / 1000);
    await expect(verify(await forge({ nbf: now + 60 }))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("rejects a tampered payload", async () => {
    const { verify, sign } = await setup();
    const { token } = await sign();
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p!))) as Record<string, unknown>;
    const tampered = base64url.encode(JSON.stringify({ ...claims, role: "ADMIN" }));
    await expect(verify(`${h}.${tampered}.${s}`)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("rejects a token signed by another key, even with our kid", async () => {
    const { verify, keySet } = await setup();
    const other = await importKeySet({ keys: [{ ...(await generateSigningJwk()), kid: keySet.signing.kid }] });
    const { token } = await signAccessToken({ keySet: other, lifetimes: testLifetimes, clock: createTestClock() }, subject, farFuture);
    await expect(verify(token)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("rejects an unknown kid", async () => {
    const { verify, forge } = await setup();
    await expect(verify(await forge({}, { kid: "nope" }))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("rejects alg: none", async () => {
    const { verify } = await setup();
    const unsecured = new UnsecuredJWT({ sid: "s-1", tid: "t-1", role: "ADMIN" })
      .setIssuer(testLifetimes.issuer)
      .setAudience(testLifetimes.audience)
      .setSubject("u-1")
      .setIssuedAt()
      .setExpirationTime("15m")
      .encode();
    await expect(verify(unsecured)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it.each([
    ["wrong audience", { aud: "someone-else" }, {}],
    ["wrong issuer", { iss: "evil" }, {}],
    ["wrong typ", {}, { typ: "JWT" }],
    ["bad role", { role: "ROOT" }, {}],
  ])("rejects %s with TOKEN_INVALID", async (_label, claims, header) => {
    const { verify, forge } = await setup();
    await expect(verify(await forge(claims, header))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it.each([[""], ["garbage"], ["a.b.c"], ["x".repeat(5000)]])("rejects malformed input %#", async (token) => {
    const { verify } = await setup();
    await expect(verify(token)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("verifies tokens signed by an older key still in the set (rotation with overlap)", async () => {
    const oldJwk = await generateSigningJwk();
    const newJwk = await generateSigningJwk();
    const clock = createTestClock();
    const before = await importKeySet({ keys: [oldJwk] });
    const { token } = await signAccessToken({ keySet: before, lifetimes: testLifetimes, clock }, subject, farFuture);
    const { d: _d, ...oldPublic } = oldJwk;
    const after = await importKeySet({ keys: [newJwk, oldPublic] });
    expect(after.signing.kid).toBe(newJwk.kid);
    expect(after.publicJwks.keys.map((k) => k.kid)).toEqual([newJwk.kid, oldJwk.kid]);
    expect(after.publicJwks.keys.every((k) => !("d" in k))).toBe(true);
    const verify = createAccessTokenVerifier({ keySet: after, lifetimes: testLifetimes, clock });
    await expect(verify(token)).resolves.toMatchObject({ sub: "u-1" });
  });
});
