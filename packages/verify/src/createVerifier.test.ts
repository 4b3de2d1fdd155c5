import { SignJWT, UnsecuredJWT, generateSecret } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier } from "./createVerifier.ts";
import { AUDIENCE, ISSUER, SUBJECT, startTokenIssuer, type TokenIssuer } from "./testing/tokenIssuer.ts";
import type { VerifierOptions } from "./types.ts";

let issuer: TokenIssuer;
beforeAll(async () => {
  issuer = await startTokenIssuer();
});
afterAll(() => issuer.close());

/** A frozen clock the test moves. */
function frozenClock(start = Date.now()) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => void (now += ms);
  return clock;
}

function verifierWith(options: Partial<VerifierOptions> = {}) {
  return createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: issuer.jwksUrl, revocation: { source: "none" }, onWarning: () => undefined, ...options });
}

describe("createVerifier: Rotor's claim checks", () => {
  it("accepts a Rotor access token and returns its subject", async () => {
    const token = await issuer.sign();
    await expect(verifierWith().verify(token)).resolves.toMatchObject({ ...SUBJECT, role: "USER", expiresAt: expect.any(Date) as Date });
  });

  it.each([0, 100])("refuses an expired token with TOKEN_EXPIRED, cold and cached (cache %i)", async (cacheSize) => {
    const clock = frozenClock();
    const verifier = verifierWith({ clock, cacheSize });
    const token = await issuer.sign({}, {}, clock());
    await verifier.verify(token);
    clock.advance(900_000 + 5_001);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: "TOKEN_EXPIRED", status: 401 });
  });

  it("accepts within the clock tolerance, refuses an iat or nbf beyond it", async () => {
    const clock = frozenClock();
    const verifier = verifierWith({ clock, cacheSize: 0 });
    const now = Math.floor(clock() / 1000);
    await expect(verifier.verify(await issuer.sign({ iat: now + 4 }, {}, clock()))).resolves.toBeDefined();
    await expect(verifier.verify(await issuer.sign({ iat: now + 60 }, {}, clock()))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
    await expect(verifier.verify(await issuer.sign({ nbf: now + 60 }, {}, clock()))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it.each([
    ["wrong audience", { aud: "someone-else" }, {}],
    ["wrong issuer", { iss: "evil" }, {}],
    ["wrong typ", {}, { typ: "JWT" }],
    ["unknown kid", {}, { kid: "nope" }],
    ["bad role", { role: "ROOT" }, {}],
    ["sid not a UUID", { sid: "1' OR '1'='1" }, {}],
    ["tid not a UUID", { tid: "t-1" }, {}],
    ["sub not a UUID", { sub: "u" }, {}],
    ["empty jti", { jti: "" }, {}],
  ])("refuses %s with TOKEN_INVALID", async (_label, claims, header) => {
    await expect(verifierWith().verify(await issuer.sign(claims, header))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("refuses alg none and HS256 (algorithm pinned to ES256)", async () => {
    const claims = { sid: SUBJECT.sessionId, tid: SUBJECT.tenantId, role: "ADMIN" };
    const unsecured = new UnsecuredJWT(claims).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(SUBJECT.userId).setIssuedAt().setExpirationTime("15m").encode();
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(SUBJECT.userId)
      .setIssuedAt()
      .setNotBefore("0s")
      .setJti("j")
      .setExpirationTime("15m")
      .sign(await generateSecret("HS256"));
    for (const token of [unsecured, hs]) await expect(verifierWith().verify(token)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it.each([0, 100])("refuses non-canonical spellings of a valid token, cold and cached (cache %i)", async (cacheSize) => {
    const verifier = verifierWith({ cacheSize });
    const token = await issuer.sign();
    await verifier.verify(token);
    const [h, p, s] = token.split(".") as [string, string, string];
    for (const variant of [`${token}==`, `${h}=.${p}.${s}`, `${h}.${p}==.${s}`, ` ${token}`, "", "a.b.c", "x".repeat(5000)]) {
      await expect(verifier.verify(variant), variant).rejects.toMatchObject({ code: "TOKEN_INVALID" });
    }
  });

  it("picks up a rotated signing key without a restart (unknown kid refetches the JWKS)", async () => {
    const verifier = verifierWith({ jwksCooldownMs: 0 });
    await verifier.verify(await issuer.sign());
    const before = issuer.jwksFetches();
    await issuer.rotate();
    await expect(verifier.verify(await issuer.sign())).resolves.toMatchObject({ userId: SUBJECT.userId });
    expect(issuer.jwksFetches()).toBe(before + 1);
  });

  it.each([
    ["issuer", { issuer: "" }],
    ["jwksUrl", { jwksUrl: "not a url" }],
    ["revocation.source", { revocation: { source: "nope" } }],
    ["revocation.url", { revocation: { source: "feed", url: "x", credential: "c" } }],
    ["revocation.credential", { revocation: { source: "feed", url: "http://a/", credential: "" } }],
    ["failSafe.failClosedAfterMs", { failSafe: { failClosedAfterMs: -1 } }],
    ["cacheSize", { cacheSize: 1.5 }],
  ])("throws at creation for an invalid %s, naming the option", (option, bad) => {
    expect(() => verifierWith(bad as Partial<VerifierOptions>)).toThrow(`"${option}"`);
  });
});
