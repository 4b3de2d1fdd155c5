import { describe, expect, it } from "vitest";
import { SignJWT, UnsecuredJWT, base64url } from "jose";
import { generateSigningJwk, importKeySet } from "../keys/key-set.ts";
import { createTestClock, testLifetimes } from "../testing/create-test-auth.ts";
import { signAccessToken } from "./sign-access-token.ts";
import { createAccessTokenVerifier } from "./verify-access-token.ts";

const subject = { userId: "00000000-0000-4000-8000-000000000001", sessionId: "00000000-0000-4000-8000-000000000002", tenantId: "00000000-0000-4000-8000-000000000003", role: "USER" as const };
const farFuture = new Date(Date.UTC(2030, 0, 1));

async function setup(cacheSize?: number) {
  const clock = createTestClock();
  const keySet = await importKeySet({ keys: [await generateSigningJwk()] });
  const verify = createAccessTokenVerifier({ keySet, lifetimes: testLifetimes, clock, ...(cacheSize === undefined ? {} : { cacheSize }) });
  const sign = () => signAccessToken({ keySet, lifetimes: testLifetimes, clock }, subject, farFuture);
  /** A token with arbitrary header/claims, signed by our real key. */
  const forge = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) => {
    const now = Math.floor(clock() / 1000);
    return new SignJWT({ sid: "00000000-0000-4000-8000-000000000002", tid: "00000000-0000-4000-8000-000000000003", role: "USER", jti: "j", ...claims })
      .setProtectedHeader({ alg: "ES256", kid: keySet.signing.kid, typ: "at+jwt", ...header })
      .setIssuer((claims.iss as string) ?? testLifetimes.issuer)
      .setAudience((claims.aud as string) ?? testLifetimes.audience)
      .setSubject((claims.sub as string) ?? "00000000-0000-4000-8000-000000000001")
      .setIssuedAt((claims.iat as number) ?? now)
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
    expect(claims).toMatchObject({ sub: "00000000-0000-4000-8000-000000000001", sid: "00000000-0000-4000-8000-000000000002", tid: "00000000-0000-4000-8000-000000000003", role: "USER", iss: testLifetimes.issuer, aud: testLifetimes.audience });
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
    await expect(verify(token)).resolves.toMatchObject({ sub: "00000000-0000-4000-8000-000000000001" });
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
    const unsecured = new UnsecuredJWT({ sid: "00000000-0000-4000-8000-000000000002", tid: "00000000-0000-4000-8000-000000000003", role: "ADMIN" })
      .setIssuer(testLifetimes.issuer)
      .setAudience(testLifetimes.audience)
      .setSubject("00000000-0000-4000-8000-000000000001")
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
    await expect(verify(token)).resolves.toMatchObject({ sub: "00000000-0000-4000-8000-000000000001" });
  });

  describe("canonical encoding (regression: a valid token with `==` appended was accepted)", () => {
    /** Flips the unused low bits of a segment's last character: same bytes, different spelling. */
    const respell = (segment: string) => {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const last = alphabet.indexOf(segment.at(-1)!);
      // A 64-byte ES256 signature is 86 characters: the last one carries 2 data bits and 4 unused ones.
      expect(segment.length % 4).toBe(2);
      return segment.slice(0, -1) + alphabet[last ^ 1]!;
    };

    it.each([0, 100])("refuses padding or a respelled segment with TOKEN_INVALID, cold and cached (cache %i)", async (cacheSize) => {
      const { verify, sign } = await setup(cacheSize);
      const { token } = await sign();
      await verify(token); // now cached (when the cache is on)
      const [h, p, s] = token.split(".") as [string, string, string];
      const variants = [`${token}==`, `${token}=`, `${h}=.${p}.${s}`, `${h}.${p}==.${s}`, `${h}.${p}.${respell(s)}`, ` ${token}`];
      for (const variant of variants) {
        await expect(verify(variant), variant).rejects.toMatchObject({ code: "TOKEN_INVALID" });
      }
      await expect(verify(token)).resolves.toMatchObject({ sub: subject.userId });
    });

    it("the respelled signature really decodes to the same bytes (so only the spelling check refuses it)", async () => {
      const { sign } = await setup();
      const s = (await sign()).token.split(".")[2]!;
      expect(respell(s)).not.toBe(s);
      expect(Buffer.from(respell(s), "base64url").equals(Buffer.from(s, "base64url"))).toBe(true);
    });
  });

  it("refuses an iat in the future beyond the clock tolerance, accepts one within it", async () => {
    const { verify, forge, clock } = await setup(0);
    const now = Math.floor(clock() / 1000);
    await expect(verify(await forge({ iat: now + 60 }))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
    await expect(verify(await forge({ iat: now + 4 }))).resolves.toMatchObject({ iat: now + 4 });
  });

  it.each([
    ["sub", { sub: "not-a-uuid" }],
    ["sid", { sid: "1' OR '1'='1" }],
    ["tid", { tid: "t-1" }],
  ])("refuses a correctly signed token whose %s is not a UUID with TOKEN_INVALID", async (_claim, claims) => {
    const { verify, forge } = await setup();
    await expect(verify(await forge(claims))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });
});
