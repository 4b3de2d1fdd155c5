// The service-facing endpoints through the production Next.js build: the revocation feed streams through a
// route handler (events arrive while the response is open), and RFC 7662/7009 introspection and revocation
// answer as the API package's tests say, with the service credential as the only key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceCredentials, type IssuedServiceCredential } from "@rotor/auth";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { login as loginCall, trpcCall } from "./support/trpc-http";
import { startE2eServer, type E2eServer } from "./support/start-e2e-server";

let e2e: E2eServer;
let credential: IssuedServiceCredential;
beforeAll(async () => {
  e2e = await startE2eServer({ AUTH_ACCESS_TOKEN_TTL: "900" });
  credential = await createServiceCredentials({ prisma: e2e.db.prisma, clock: Date.now }).create({ name: "e2e", tenantId: null, actor: null, meta: {} });
});
afterAll(async () => {
  await e2e?.stop();
});

async function login() {
  const { acmeUser } = DEMO_CREDENTIALS;
  const answer = await loginCall(e2e.url, { tenant: acmeUser.tenant, email: acmeUser.email, password: acmeUser.password });
  if (!answer.data) throw new Error(`login refused: ${answer.status}`);
  return answer.data;
}

const sessionIdOf = (token: string) => (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { sid: string }).sid;

function oauth(path: "introspect" | "revoke", form: Record<string, string>, authorization = `Basic ${Buffer.from(`${credential.id}:${credential.clientSecret}`).toString("base64")}`) {
  return fetch(`${e2e.url}/api/oauth/${path}`, {
    method: "POST",
    headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

describe("service endpoints through Next.js", () => {
  it("the revocation feed streams: ready, then a logout made while the response is open", async () => {
    const tokens = await login();
    const sid = sessionIdOf(tokens.accessToken);
    const response = await fetch(`${e2e.url}/api/revocations/stream`, { headers: { authorization: `Bearer ${credential.bearer}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let loggedOut = false;
    while (!text.includes(`"sid":"${sid}"`)) {
      const { done, value } = await reader.read();
      expect(done).toBe(false);
      text += decoder.decode(value, { stream: true });
      if (!loggedOut && text.includes("event: ready")) {
        loggedOut = true;
        await trpcCall(e2e.url, "POST", "auth.logout", undefined, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
      }
    }
    await reader.cancel();
    expect(text.indexOf("event: ready")).toBeLessThan(text.indexOf(`"sid":"${sid}"`));
  });

  it("the feed refuses a wrong credential; introspection refuses a wrong client", async () => {
    const feed = await fetch(`${e2e.url}/api/revocations/stream`, { headers: { authorization: "Bearer nope" } });
    expect(feed.status).toBe(401);
    expect(await feed.json()).toEqual({ error: { code: "SERVICE_CREDENTIAL_INVALID", message: "Service credential missing, unknown or revoked" } });
    const wrong = await oauth("introspect", { token: "x" }, "Basic " + Buffer.from(`${credential.id}:nope`).toString("base64"));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Basic realm="rotor"');
  });

  it("introspection says active, then inactive after an RFC 7009 revocation of the refresh token", async () => {
    const tokens = await login();
    const active = (await (await oauth("introspect", { token: tokens.accessToken })).json()) as Record<string, unknown>;
    expect(active).toMatchObject({ active: true, sid: sessionIdOf(tokens.accessToken), role: "USER" });
    expect((await oauth("revoke", { token: tokens.refreshToken, token_type_hint: "refresh_token" })).status).toBe(200);
    expect(await (await oauth("introspect", { token: tokens.accessToken })).json()).toEqual({ active: false });
    const me = await trpcCall(e2e.url, "GET", "auth.me", undefined, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(me.error?.authCode).toBe("SESSION_REVOKED");
  });
});
