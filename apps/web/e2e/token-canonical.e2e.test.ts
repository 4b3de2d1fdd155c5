// Canonical tokens only, over real HTTP against the production build (regression: a valid access token
// with `==` appended to its signature was accepted, sidestepping the verified-token cache and anything
// keyed on the token string). Every other spelling of the same bytes is TOKEN_INVALID, before and after the
// genuine token was seen (cached).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { startE2eApp, type E2eApp } from "./support/start-e2e-app";
import { login, me } from "./support/trpc-http";

let app: E2eApp;
beforeAll(async () => {
  app = await startE2eApp();
});
afterAll(async () => {
  await app?.stop();
});

/** The same bytes spelled differently: padding, or the unused low bits of a segment's last character. */
function respellings(token: string): string[] {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const flipLowBit = (segment: string) => segment.slice(0, -1) + alphabet[alphabet.indexOf(segment.at(-1)!) ^ 1]!;
  const [h, p, s] = token.split(".") as [string, string, string];
  const spellings = [`${token}==`, `${token}=`, `${h}==.${p}.${s}`, `${h}.${p}=.${s}`, `${h}.${p}.${flipLowBit(s)}`];
  // Header and payload lengths vary; respell them too when their last character has unused bits.
  if (h.length % 4 !== 0) spellings.push(`${flipLowBit(h)}.${p}.${s}`);
  if (p.length % 4 !== 0) spellings.push(`${h}.${flipLowBit(p)}.${s}`);
  return spellings;
}

describe("canonical access tokens", () => {
  it("refuses every non-canonical spelling of a valid token with 401 TOKEN_INVALID, cold and cached", async () => {
    const { data } = await login(app.url, { tenant: "acme", email: DEMO_CREDENTIALS.acmeUser.email, password: DEMO_CREDENTIALS.acmeUser.password });
    const token = data!.accessToken;
    const variants = respellings(token);
    // The signature respelling really is the same signature bytes (only the spelling differs).
    const signature = (t: string) => Buffer.from(t.split(".")[2]!.replace(/=+$/, ""), "base64url");
    expect(signature(variants[4]!).equals(signature(token))).toBe(true);

    for (const round of ["cold", "cached"]) {
      for (const variant of variants) {
        const answer = await me(app.url, variant);
        expect({ round, variant: variant.slice(-8), status: answer.status, authCode: answer.error?.authCode }).toEqual({
          round,
          variant: variant.slice(-8),
          status: 401,
          authCode: "TOKEN_INVALID",
        });
      }
      expect((await me(app.url, token)).status).toBe(200);
    }
  });
});
