// Session binding, over real HTTP against the production build. Tokens here are signed with the server's
// own key (what only a holder of the signing key could do): the session check must still confirm the
// session exists and belongs to the token's user, tenant and role, refuse a future `iat`, and answer a
// non-UUID `sub`/`sid`/`tid` with 401 TOKEN_INVALID (regression: P2007 from PostgreSQL -> 500).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { importKeySet, type KeySet } from "@rotor/auth";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { startE2eApp, type E2eApp } from "./support/start-e2e-app";
import { login, me } from "./support/trpc-http";

let app: E2eApp;
let keySet: KeySet;
beforeAll(async () => {
  app = await startE2eApp();
  keySet = await importKeySet(JSON.parse(app.authEnv.AUTH_JWKS!) as Parameters<typeof importKeySet>[0]);
});
afterAll(async () => {
  await app?.stop();
});

interface Claims {
  sub: string;
  sid: string;
  tid: string;
  role: string;
  iat?: number;
}

/** An access token exactly like the server's (same key, kid, typ, iss, aud), with the claims given. */
function mint(claims: Claims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: claims.sid, tid: claims.tid, role: claims.role })
    .setProtectedHeader({ alg: "ES256", kid: keySet.signing.kid, typ: "at+jwt" })
    .setIssuer("rotor")
    .setAudience("rotor-api")
    .setSubject(claims.sub)
    .setIssuedAt(claims.iat ?? now)
    .setNotBefore(now)
    .setExpirationTime(now + 60)
    .setJti(crypto.randomUUID())
    .sign(keySet.signing.key);
}

async function signedIn(who: { email: string; password: string }): Promise<Claims> {
  const { data } = await login(app.url, { tenant: "acme", email: who.email, password: who.password });
  const answer = await me(app.url, data!.accessToken);
  const user = await app.db.prisma.user.findUniqueOrThrow({ where: { id: answer.data!.id } });
  return { sub: user.id, sid: answer.data!.sessionId, tid: user.tenantId, role: user.role };
}

describe("session binding", () => {
  it("a minted token that matches its session passes (the harness signs like the server)", async () => {
    const real = await signedIn(DEMO_CREDENTIALS.acmeUser);
    expect((await me(app.url, await mint(real))).status).toBe(200);
  });

  it("refuses tokens whose session belongs to another user, tenant or role, or does not exist: 401, never 200", async () => {
    const user = await signedIn(DEMO_CREDENTIALS.acmeUser);
    const admin = await signedIn(DEMO_CREDENTIALS.acmeAdmin);
    const globex = await app.db.prisma.tenant.findUniqueOrThrow({ where: { slug: "globex" } });
    // Seen once for real first, so the remembered binding answers too (not only the database).
    await me(app.url, await mint(user));
    const cases: Array<[string, Claims, string]> = [
      ["user's session, admin role", { ...user, role: "ADMIN" }, "TOKEN_INVALID"],
      ["user's session, admin's sub", { ...user, sub: admin.sub, role: "ADMIN" }, "TOKEN_INVALID"],
      ["user's session, another tenant", { ...user, tid: globex.id }, "TOKEN_INVALID"],
      ["admin's sub on user's session", { ...admin, sid: user.sid }, "TOKEN_INVALID"],
      ["a session that does not exist", { ...user, sid: crypto.randomUUID() }, "SESSION_REVOKED"],
    ];
    for (const [label, claims, authCode] of cases) {
      for (const round of [1, 2]) {
        const answer = await me(app.url, await mint(claims));
        expect({ label, round, status: answer.status, authCode: answer.error?.authCode }).toEqual({ label, round, status: 401, authCode });
      }
    }
    expect((await me(app.url, await mint(user))).status).toBe(200);
  });

  it("refuses an iat in the future beyond the clock tolerance", async () => {
    const user = await signedIn(DEMO_CREDENTIALS.acmeManager);
    const answer = await me(app.url, await mint({ ...user, iat: Math.floor(Date.now() / 1000) + 3600 }));
    expect(answer).toMatchObject({ status: 401, error: { authCode: "TOKEN_INVALID" } });
  });

  it("a sub, sid or tid that is not a UUID is 401 TOKEN_INVALID, never a 500", async () => {
    const user = await signedIn(DEMO_CREDENTIALS.acmeUser);
    for (const bad of [{ sub: "admin" }, { sid: "not-a-uuid" }, { tid: "acme" }, { sid: "00000000-0000-0000-0000-00000000000g" }, { sub: "x\u0000y" }]) {
      const answer = await me(app.url, await mint({ ...user, ...bad }));
      expect({ bad, status: answer.status, authCode: answer.error?.authCode }).toEqual({ bad, status: 401, authCode: "TOKEN_INVALID" });
    }
  });
});
